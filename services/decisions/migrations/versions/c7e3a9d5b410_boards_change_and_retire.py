"""boards that change and retire, partners renamed, revisions that correct a decision's wording

Revision ID: c7e3a9d5b410
Revises: a3c1e9f0b202
Create Date: 2026-12-03 17:00:00
"""
import sqlalchemy as sa
from alembic import op

from services.common.db.types import UtcDateTime

revision = 'c7e3a9d5b410'
down_revision = 'a3c1e9f0b202'
branch_labels = None
depends_on = None


# plain ADD and DROP COLUMN on both databases (SQLite 3.35 and later): SQLite's batch mode could
# copy a table and lose the figures' triggers on boards and partners
def upgrade() -> None:
    op.add_column('boards', sa.Column('status', sa.String(length=20), nullable=False, server_default='active'))
    op.add_column('boards', sa.Column('retired_at', UtcDateTime(), nullable=True))
    op.add_column('boards', sa.Column('updated_at', UtcDateTime(), nullable=True))
    op.add_column('partners', sa.Column('updated_at', UtcDateTime(), nullable=True))
    op.add_column('decision_revisions', sa.Column('corrections', sa.JSON(), nullable=True))


def downgrade() -> None:
    for table, column in (('decision_revisions', 'corrections'), ('partners', 'updated_at'),
                          ('boards', 'updated_at'), ('boards', 'retired_at'), ('boards', 'status')):
        op.drop_column(table, column)
