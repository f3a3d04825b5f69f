"""contributor email frequency: one email per update, or a daily digest

Revision ID: 8c4f2b6d1e07
Revises: 5d2e8f1a9c3b
Create Date: 2026-12-03 13:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '8c4f2b6d1e07'
down_revision = '5d2e8f1a9c3b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contributors') as batch:
        batch.add_column(sa.Column('email_frequency', sa.String(length=20), nullable=False,
                                   server_default='each_update'))


def downgrade() -> None:
    with op.batch_alter_table('contributors') as batch:
        batch.drop_column('email_frequency')
