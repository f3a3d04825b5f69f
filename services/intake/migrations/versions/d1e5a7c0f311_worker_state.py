"""worker state, read by /readyz and /metrics

Revision ID: d1e5a7c0f311
Revises: 462bea2f7dac
Create Date: 2026-12-03 08:30:00
"""
from services.common.db.shared_migration import create_worker_state_table, drop_worker_state_table

revision = 'd1e5a7c0f311'
down_revision = '462bea2f7dac'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_worker_state_table()


def downgrade() -> None:
    drop_worker_state_table()
