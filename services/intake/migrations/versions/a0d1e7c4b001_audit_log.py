"""the append-only audit log: who changed what, in the change's own transaction

Revision ID: a0d1e7c4b001
Revises: 5d2e8f1a9c3b
Create Date: 2026-12-03 14:30:00
"""
from services.common.db.shared_migration import create_audit_table, drop_audit_table

revision = 'a0d1e7c4b001'
down_revision = '5d2e8f1a9c3b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table()


def downgrade() -> None:
    drop_audit_table()
