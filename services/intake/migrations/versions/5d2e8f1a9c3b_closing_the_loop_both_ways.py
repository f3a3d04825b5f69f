"""closing the loop both ways: partners record telling a contributor an outcome themselves, and
co-production names the stage at which contributors shared decision-making, and contributors'
answers (with their comment or question) reach their partner

Revision ID: 5d2e8f1a9c3b
Revises: d1e5a7c0f311
Create Date: 2026-12-03 08:50:00
"""
import sqlalchemy as sa
from alembic import op

import services.common.db.types

revision = '5d2e8f1a9c3b'
down_revision = 'd1e5a7c0f311'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('inputs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_decision_stage', sa.String(length=30), nullable=True))
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('relayed_at', services.common.db.types.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('relay_how', sa.String(length=20), nullable=True))
        batch_op.create_index('ix_outcomes_untold', ['told_at', 'published_at', 'decision_id', 'input_id'],
                              unique=False)


    op.create_table(
        'contributor_answers',
        sa.Column('decision_id', sa.String(length=36), nullable=False),
        sa.Column('contributor_id', sa.String(length=36), nullable=False),
        sa.Column('partner_id', sa.String(length=36), nullable=False),
        sa.Column('answer', sa.String(length=10), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('answered_at', services.common.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['contributor_id'], ['contributors.contributor_id']),
        sa.PrimaryKeyConstraint('decision_id', 'contributor_id'))
    with op.batch_alter_table('contributor_answers', schema=None) as batch_op:
        batch_op.create_index('ix_contributor_answers_partner',
                              ['partner_id', 'answered_at', 'decision_id', 'contributor_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contributor_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_contributor_answers_partner')
    op.drop_table('contributor_answers')
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_index('ix_outcomes_untold')
        batch_op.drop_column('relay_how')
        batch_op.drop_column('relayed_at')
    with op.batch_alter_table('inputs', schema=None) as batch_op:
        batch_op.drop_column('shared_decision_stage')
