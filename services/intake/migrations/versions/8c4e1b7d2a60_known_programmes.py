"""known programmes: what decisions announces on decisions.programmes.v1

The free-text programme names intake's input already carries become open programmes, with the id
decisions' own migration gives each (legacy_programme_id), dated long ago so that decisions'
announcement of the same programme replaces them.

Revision ID: 8c4e1b7d2a60
Revises: 8c4f2b6d1e07
Create Date: 2026-12-03 14:00:00
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from services.common.db.shared_migration import legacy_programme_id
from services.common.db.types import UtcDateTime

revision = '8c4e1b7d2a60'
down_revision = '8c4f2b6d1e07'
branch_labels = None
depends_on = None

LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    programmes = op.create_table(
        'programmes',
        sa.Column('programme_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('updated_at', UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('programme_id'),
        sa.UniqueConstraint('name'))
    names = op.get_bind().execute(sa.text("SELECT DISTINCT programme FROM inputs")).scalars().all()
    if names:
        op.bulk_insert(programmes, [{"programme_id": legacy_programme_id(name), "name": name,
                                     "status": "open", "updated_at": LONG_AGO} for name in sorted(names)])


def downgrade() -> None:
    op.drop_table('programmes')

