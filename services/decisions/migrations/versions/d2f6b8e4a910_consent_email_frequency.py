"""how often each contributor chose to hear, for the board workspace's "who will be told"

Revision ID: d2f6b8e4a910
Revises: b8d4f2a6c101
Create Date: 2026-12-03 18:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'd2f6b8e4a910'
down_revision = 'b8d4f2a6c101'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('contributor_consents', sa.Column('email_frequency', sa.String(length=20), nullable=True))


def downgrade() -> None:
    op.drop_column('contributor_consents', 'email_frequency')
