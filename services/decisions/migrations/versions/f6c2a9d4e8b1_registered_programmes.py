"""registered programmes: the free-text programme names become rows

Every name a board covers, a decision belongs to or input was given to becomes an open programme
(id from legacy_programme_id(name), the same id intake's migration gives it). A board that covered
every programme (no names) now covers each of them by name. Each programme is announced on
decisions.programmes.v1 through the outbox, so intake hears of it as of any later one.

Revision ID: f6c2a9d4e8b1
Revises: f3c8d1a2b7e4
Create Date: 2026-12-03 14:00:00
"""
import json

import sqlalchemy as sa
from alembic import op

from services.common.contracts.envelope import new_envelope
from services.common.contracts.registry import contract_for
from services.common.db.shared_migration import legacy_programme_id
from services.common.db.types import UtcDateTime, utcnow
from services.decisions.domain.slugs import programme_slug

revision = 'f6c2a9d4e8b1'
down_revision = 'f3c8d1a2b7e4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    programmes = op.create_table(
        'programmes',
        sa.Column('programme_id', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('slug', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', UtcDateTime(), nullable=False),
        sa.Column('updated_at', UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('programme_id'),
        sa.UniqueConstraint('name'),
        sa.UniqueConstraint('slug'))
    op.create_index('ix_programmes_created', 'programmes', ['created_at', 'programme_id'])
    _register_the_names_in_use(programmes)


def _register_the_names_in_use(programmes: sa.Table) -> None:
    connection = op.get_bind()
    names = sorted(set(connection.execute(sa.text(
        "SELECT programme FROM board_programmes UNION SELECT programme FROM decisions "
        "UNION SELECT programme FROM inputs")).scalars()))
    if not names:
        return
    for board_id in connection.execute(sa.text(
            "SELECT board_id FROM boards WHERE board_id NOT IN (SELECT board_id FROM board_programmes)")
            ).scalars().all():
        connection.execute(sa.text("INSERT INTO board_programmes (board_id, programme) VALUES (:b, :p)"),
                           [{"b": board_id, "p": name} for name in names])
    now, slugs = utcnow(), set()
    rows = []
    for name in names:
        slug = base = programme_slug(name)
        suffix = 2
        while slug in slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        slugs.add(slug)
        rows.append({"programme_id": legacy_programme_id(name), "name": name, "slug": slug,
                     "description": "", "status": "open", "created_at": now, "updated_at": now})
    op.bulk_insert(programmes, rows)
    contract = contract_for("decisions", "programmes", 1)
    outbox = sa.table('outbox', sa.column('created_at', UtcDateTime()), *(sa.column(c) for c in (
        'event_id', 'topic', 'message_key', 'value', 'correlation_id', 'event_type', 'attempts')))
    for row in rows:
        board_ids = connection.execute(sa.text(
            "SELECT board_id FROM board_programmes WHERE programme = :p ORDER BY board_id"),
            {"p": row["name"]}).scalars().all()
        payload = contract.build({**{k: row[k] for k in ("programme_id", "name", "slug", "description",
                                                         "status", "updated_at")},
                                  "board_ids": list(board_ids)})
        envelope = new_envelope(contract.event_type, contract.version, "decisions", payload)
        connection.execute(outbox.insert().values(
            event_id=envelope.event_id, topic=contract.topic, message_key=row["programme_id"],
            value=json.dumps(envelope.to_wire()), correlation_id=envelope.event_id,
            event_type=contract.event_type, created_at=now, attempts=0))


def downgrade() -> None:
    op.drop_index('ix_programmes_created', table_name='programmes')
    op.drop_table('programmes')
