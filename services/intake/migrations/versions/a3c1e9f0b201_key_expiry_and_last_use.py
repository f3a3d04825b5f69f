"""API keys: optional expiry (rotation overlaps) and the last time this service saw a key used

Revision ID: a3c1e9f0b201
Revises: 5d2e8f1a9c3b
Create Date: 2026-12-03 13:45:00
"""
from services.common.db.shared_migration import add_key_lifecycle_columns, drop_key_lifecycle_columns

revision = 'a3c1e9f0b201'
down_revision = '5d2e8f1a9c3b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_key_lifecycle_columns()


def downgrade() -> None:
    drop_key_lifecycle_columns()
