"""closing the loop both ways: a loop closes only when the person was told

inputs.not_wanted_at (the contributor did not want to hear), input_relays (the partner told
them) and outcome_answers (contributors' answers about how their input was used: counts only). Existing rows are recomputed under the honest definition: closed_at is the first sent
email (anonymous input and suppressions no longer close a loop); not_wanted_at the first
suppression for no consent, unsubscribed or erased.

Revision ID: e4a1c7d2b9f0
Revises: d2e5a7c0f312
Create Date: 2026-12-03 08:40:00
"""
import sqlalchemy as sa
from alembic import op

import services.common.db.types

revision = 'e4a1c7d2b9f0'
down_revision = 'd2e5a7c0f312'
branch_labels = None
depends_on = None

RECOMPUTE = """
UPDATE inputs SET
  closed_at = (SELECT min(n.at) FROM notification_inputs n
               WHERE n.input_id = inputs.input_id AND n.status = 'sent'),
  not_wanted_at = (SELECT min(n.at) FROM notification_inputs n JOIN notification_outcomes o
                   ON o.notification_id = n.notification_id AND o.status = n.status
                   WHERE n.input_id = inputs.input_id AND n.status = 'suppressed'
                   AND o.reason IN ('no_consent', 'unsubscribed', 'erased'))
WHERE closed_at IS NOT NULL OR first_outcome_published_at IS NOT NULL
"""


def upgrade() -> None:
    op.create_table(
        'input_relays',
        sa.Column('relay_id', sa.String(length=36), nullable=False),
        sa.Column('input_id', sa.String(length=36), nullable=False),
        sa.Column('decision_id', sa.String(length=36), nullable=False),
        sa.Column('how', sa.String(length=20), nullable=False),
        sa.Column('relayed_at', services.common.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('relay_id', 'input_id'))
    with op.batch_alter_table('input_relays', schema=None) as batch_op:
        batch_op.create_index('ix_input_relays_input', ['input_id', 'relayed_at'], unique=False)
    with op.batch_alter_table('inputs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_wanted_at', services.common.db.types.UtcDateTime(timezone=True),
                                      nullable=True))
    op.execute(RECOMPUTE)
    op.create_table(
        'outcome_answers',
        sa.Column('decision_id', sa.String(length=36), nullable=False),
        sa.Column('contributor_id', sa.String(length=36), nullable=False),
        sa.Column('board_id', sa.String(length=36), nullable=False),
        sa.Column('answer', sa.String(length=10), nullable=False),
        sa.Column('answered_at', services.common.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('decision_id', 'contributor_id'))
    with op.batch_alter_table('outcome_answers', schema=None) as batch_op:
        batch_op.create_index('ix_outcome_answers_board', ['board_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('outcome_answers', schema=None) as batch_op:
        batch_op.drop_index('ix_outcome_answers_board')
    op.drop_table('outcome_answers')
    with op.batch_alter_table('inputs', schema=None) as batch_op:
        batch_op.drop_column('not_wanted_at')
    with op.batch_alter_table('input_relays', schema=None) as batch_op:
        batch_op.drop_index('ix_input_relays_input')
    op.drop_table('input_relays')
