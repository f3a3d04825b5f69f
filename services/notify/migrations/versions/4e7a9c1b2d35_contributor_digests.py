"""contributor digests: a contributor's choice of a daily digest, and the digests themselves

Revision ID: 4e7a9c1b2d35
Revises: 9b3c5d7e1f2a
Create Date: 2026-12-03 13:40:00
"""
import sqlalchemy as sa
from alembic import op

import services.common.db.types

revision = '4e7a9c1b2d35'
down_revision = '9b3c5d7e1f2a'
branch_labels = None
depends_on = None


def _delivery_columns() -> list[sa.Column]:
    when = services.common.db.types.UtcDateTime(timezone=True)
    return [
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', when, nullable=False),
        sa.Column('next_attempt_at', when, nullable=True),
        sa.Column('last_attempt_at', when, nullable=True),
        sa.Column('claimed_at', when, nullable=True),
        sa.Column('handover_at', when, nullable=True),
        sa.Column('sent_at', when, nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table('contacts') as batch:
        batch.add_column(sa.Column('email_frequency', sa.String(length=20), nullable=False,
                                   server_default='each_update'))
    with op.batch_alter_table('notifications') as batch:
        batch.add_column(sa.Column('digest_id', sa.String(length=36), nullable=True))
        batch.create_index('ix_notifications_digest', ['digest_id'])
    op.create_table(
        'contributor_digests',
        sa.Column('digest_id', sa.String(length=36), nullable=False),
        sa.Column('contributor_id', sa.String(length=36), nullable=False),
        sa.Column('partner_id', sa.String(length=36), nullable=False),
        sa.Column('digest_date', sa.Date(), nullable=False),
        *_delivery_columns(),
        sa.PrimaryKeyConstraint('digest_id'),
        sa.UniqueConstraint('contributor_id', 'digest_date', name='uq_contributor_digests_day'))
    op.create_index('ix_contributor_digests_due', 'contributor_digests', ['status', 'next_attempt_at'])


def downgrade() -> None:
    op.drop_index('ix_contributor_digests_due', table_name='contributor_digests')
    op.drop_table('contributor_digests')
    with op.batch_alter_table('notifications') as batch:
        batch.drop_index('ix_notifications_digest')
        batch.drop_column('digest_id')
    with op.batch_alter_table('contacts') as batch:
        batch.drop_column('email_frequency')
