"""covering indexes for the accountability figures

The programme and partner indexes of inputs get submitted_at and input_id as keys and, on
PostgreSQL, INCLUDE every column the figures read, so a report for a programme, a board's
programmes or a partner is an index-only scan. Their keys only grow, so the queue's queries keep
their plans. SQLite ignores INCLUDE.

Revision ID: b71dbf5a5f28
Revises: c94558848825
Create Date: 2026-11-25 21:34:01.469785
"""
from alembic import op

revision = 'b71dbf5a5f28'
down_revision = 'c94558848825'
branch_labels = None
depends_on = None

FIGURES = ['participation_level', 'withdrawn_at', 'first_outcome_published_at', 'closed_at']


def upgrade() -> None:
    with op.batch_alter_table('inputs', schema=None) as batch_op:
        batch_op.drop_index('ix_inputs_programme_submitted')
        batch_op.create_index('ix_inputs_programme_submitted', ['programme', 'submitted_at', 'input_id'],
                              unique=False, postgresql_include=['partner_id', *FIGURES])
        batch_op.drop_index('ix_inputs_partner')
        batch_op.create_index('ix_inputs_partner', ['partner_id', 'submitted_at', 'input_id'],
                              unique=False, postgresql_include=['programme', *FIGURES])


def downgrade() -> None:
    with op.batch_alter_table('inputs', schema=None) as batch_op:
        batch_op.drop_index('ix_inputs_partner')
        batch_op.create_index('ix_inputs_partner', ['partner_id'], unique=False)
        batch_op.drop_index('ix_inputs_programme_submitted')
        batch_op.create_index('ix_inputs_programme_submitted', ['programme', 'submitted_at', 'input_id'],
                              unique=False)
