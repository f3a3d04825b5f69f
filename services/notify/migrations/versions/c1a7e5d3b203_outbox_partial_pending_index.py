"""outbox: index only the rows still to publish (the relay read past every published row)

Revision ID: c1a7e5d3b203
Revises: b8d4f2a6c103
Create Date: 2026-12-04 20:00:00
"""
from services.common.db.shared_migration import index_all_outbox_rows, index_only_unpublished_outbox_rows

revision = 'c1a7e5d3b203'
down_revision = 'b8d4f2a6c103'
branch_labels = None
depends_on = None


def upgrade() -> None:
    index_only_unpublished_outbox_rows()


def downgrade() -> None:
    index_all_outbox_rows()
