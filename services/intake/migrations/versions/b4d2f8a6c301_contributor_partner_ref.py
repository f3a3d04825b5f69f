"""contributors: the partner's own reference (unique per partner) and the indexes their list reads

Revision ID: b4d2f8a6c301
Revises: a3c1e9f0b201
Create Date: 2026-12-03 17:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'b4d2f8a6c301'
down_revision = 'a3c1e9f0b201'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('contributors', sa.Column('partner_ref', sa.String(length=100), nullable=True))
    op.create_index('ux_contributors_partner_ref', 'contributors', ['partner_id', 'partner_ref'], unique=True)
    op.create_index('ix_contributors_partner_page', 'contributors', ['partner_id', 'created_at', 'contributor_id'])
    op.create_index('ix_contributors_page', 'contributors', ['created_at', 'contributor_id'])


def downgrade() -> None:
    op.drop_index('ix_contributors_page', table_name='contributors')
    op.drop_index('ix_contributors_partner_page', table_name='contributors')
    op.drop_index('ux_contributors_partner_ref', table_name='contributors')
    with op.batch_alter_table('contributors') as batch:
        batch.drop_column('partner_ref')
