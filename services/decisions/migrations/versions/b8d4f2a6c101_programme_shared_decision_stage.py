"""a programme run as co-production names the stage at which its contributors shared
decision-making

Revision ID: b8d4f2a6c101
Revises: c7e3a9d5b410
Create Date: 2026-12-03 17:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'b8d4f2a6c101'
down_revision = 'c7e3a9d5b410'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_decision_stage', sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_column('shared_decision_stage')
