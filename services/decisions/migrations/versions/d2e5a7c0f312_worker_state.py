"""worker state (read by /readyz and /metrics), idempotency keys

Revision ID: d2e5a7c0f312
Revises: e5b0a7c31d42
Create Date: 2026-12-03 08:30:00
"""
import sqlalchemy as sa
from alembic import op

from services.common.db.shared_migration import create_worker_state_table, drop_worker_state_table
from services.common.db.types import UtcDateTime

revision = 'd2e5a7c0f312'
down_revision = 'e5b0a7c31d42'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_worker_state_table()
    op.create_table(
        "idempotency_keys",
        sa.Column("owner", sa.String(length=80), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.Text(), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("created_at", UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner", "idempotency_key"),
    )


def downgrade() -> None:
    op.drop_table("idempotency_keys")
    drop_worker_state_table()
