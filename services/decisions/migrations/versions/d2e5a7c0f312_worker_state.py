"""worker state, read by /readyz and /metrics

Revision ID: d2e5a7c0f312
Revises: b71dbf5a5f28
Create Date: 2026-12-03 08:30:00
"""
from services.common.db.shared_migration import create_worker_state_table, drop_worker_state_table

revision = 'd2e5a7c0f312'
down_revision = 'b71dbf5a5f28'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_worker_state_table()


def downgrade() -> None:
    drop_worker_state_table()
