"""outcome answers: a contributor's answer about how their input was used, one per decision

Revision ID: 9b3c5d7e1f2a
Revises: d3e5a7c0f313
Create Date: 2026-12-03 09:00:00
"""
import sqlalchemy as sa
from alembic import op

import services.common.db.types

revision = '9b3c5d7e1f2a'
down_revision = 'd3e5a7c0f313'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'outcome_answers',
        sa.Column('contributor_id', sa.String(length=36), nullable=False),
        sa.Column('decision_id', sa.String(length=36), nullable=False),
        sa.Column('answer', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('answered_at', services.common.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('contributor_id', 'decision_id'))


def downgrade() -> None:
    op.drop_table('outcome_answers')
