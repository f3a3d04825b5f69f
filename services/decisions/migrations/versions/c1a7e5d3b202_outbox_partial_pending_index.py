"""outbox: index only the rows still to publish (the relay read past every published row)

Revision ID: c1a7e5d3b202
Revises: d2f6b8e4a910
Create Date: 2026-12-04 20:00:00
"""
from services.common.db.shared_migration import index_all_outbox_rows, index_only_unpublished_outbox_rows

revision = 'c1a7e5d3b202'
down_revision = 'd2f6b8e4a910'
branch_labels = None
depends_on = None


def upgrade() -> None:
    index_only_unpublished_outbox_rows()


def downgrade() -> None:
    index_all_outbox_rows()
