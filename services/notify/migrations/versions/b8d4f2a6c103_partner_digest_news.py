"""a partner's daily digest also lists revisions and progress of decisions citing its input,
and counts what it must relay

Revision ID: b8d4f2a6c103
Revises: a3c1e9f0b203
Create Date: 2026-12-03 17:20:00
"""
import sqlalchemy as sa
from alembic import op

import services.common.db.types

revision = 'b8d4f2a6c103'
down_revision = 'a3c1e9f0b203'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'partner_updates',
        sa.Column('partner_id', sa.String(length=36), nullable=False),
        sa.Column('decision_id', sa.String(length=36), nullable=False),
        sa.Column('trigger_ref', sa.String(length=100), nullable=False),
        sa.Column('trigger', sa.String(length=20), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('public_url', sa.Text(), nullable=False),
        sa.Column('occurred_at', services.common.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column('input_count', sa.Integer(), nullable=False),
        sa.Column('revision_reason', sa.Text(), nullable=True),
        sa.Column('progress_status', sa.String(length=20), nullable=True),
        sa.Column('percent', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('partner_id', 'decision_id', 'trigger_ref'))
    with op.batch_alter_table('partner_updates', schema=None) as batch_op:
        batch_op.create_index('ix_partner_updates_window', ['partner_id', 'occurred_at'], unique=False)
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_partner', ['partner_id', 'status', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_partner')
    with op.batch_alter_table('partner_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_partner_updates_window')
    op.drop_table('partner_updates')
