"""worker state, read by /readyz and /metrics

Revision ID: d3e5a7c0f313
Revises: 0ce9b1ef18d7
Create Date: 2026-12-03 08:30:00
"""
from services.common.db.shared_migration import create_worker_state_table, drop_worker_state_table

revision = 'd3e5a7c0f313'
down_revision = '0ce9b1ef18d7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_worker_state_table()


def downgrade() -> None:
    drop_worker_state_table()
