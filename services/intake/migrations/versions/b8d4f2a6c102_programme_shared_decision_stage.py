"""intake keeps the stage at which a programme's contributors shared decision-making, so its
input may claim co-production without naming it

Revision ID: b8d4f2a6c102
Revises: b4d2f8a6c301
Create Date: 2026-12-03 17:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'b8d4f2a6c102'
down_revision = 'b4d2f8a6c301'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_decision_stage', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_column('shared_decision_stage')
