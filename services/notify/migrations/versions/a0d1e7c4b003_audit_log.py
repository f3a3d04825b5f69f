"""the append-only audit log: who changed what, in the change's own transaction

Revision ID: a0d1e7c4b003
Revises: 9b3c5d7e1f2a
Create Date: 2026-12-03 14:30:00
"""
from services.common.db.shared_migration import create_audit_table, drop_audit_table

revision = 'a0d1e7c4b003'
down_revision = '9b3c5d7e1f2a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table()


def downgrade() -> None:
    drop_audit_table()
