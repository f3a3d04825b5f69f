"""board workspace: signed-in sessions, and contact flags for the email preview counts

board_sessions holds a hash of each workspace session id, the key that signed in (by id, never
the key) and its CSRF token. contributor_consents gains the flags intake now sends on
contributor-consent-changed (contact_about_outcomes, has_email, accessible_format), so a board
can see how many people a publication will tell without decisions seeing any address.

Revision ID: e5b0a7c31d42
Revises: b71dbf5a5f28
Create Date: 2026-12-03 08:20:00
"""
import sqlalchemy as sa
from alembic import op

from services.common.db.types import UtcDateTime

revision = 'e5b0a7c31d42'
down_revision = 'b71dbf5a5f28'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'board_sessions',
        sa.Column('session_hash', sa.String(length=64), nullable=False),
        sa.Column('key_id', sa.String(length=36), nullable=False),
        sa.Column('board_id', sa.String(length=36), nullable=False),
        sa.Column('csrf_token', sa.String(length=64), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('last_seen_at', UtcDateTime(), nullable=False),
        sa.Column('notice', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('session_hash'))
    op.create_index('ix_board_sessions_key', 'board_sessions', ['key_id'])
    with op.batch_alter_table('contributor_consents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_about_outcomes', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('has_email', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('accessible_format', sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contributor_consents', schema=None) as batch_op:
        batch_op.drop_column('accessible_format')
        batch_op.drop_column('has_email')
        batch_op.drop_column('contact_about_outcomes')
    op.drop_index('ix_board_sessions_key', table_name='board_sessions')
    op.drop_table('board_sessions')
