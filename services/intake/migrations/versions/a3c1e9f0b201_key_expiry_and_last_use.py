"""API keys: optional expiry (rotation overlaps) and the last time this service saw a key used

Revision ID: a3c1e9f0b201
Revises: a0d1e7c4b001
Create Date: 2026-12-03 13:45:00
"""
from services.common.db.shared_migration import add_key_lifecycle_columns, drop_key_lifecycle_columns

revision = 'a3c1e9f0b201'
down_revision = 'a0d1e7c4b001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_key_lifecycle_columns()


def downgrade() -> None:
    drop_key_lifecycle_columns()
