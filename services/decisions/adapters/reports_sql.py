"""The accountability figures over input, as aggregate queries: counts by scope, months, age bands.
Each function is one query whatever the number of rows; nothing loads input rows into Python."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, func, literal, null, or_, select, type_coerce

from services.common.contracts.events.common import PARTICIPATION_LEVELS
from services.common.db.types import UtcDateTime
from services.decisions.adapters.orm import (
    board_programmes, boards, figures_generation, inputs, outcomes, partners,
)

RECEIVED = inputs.c.withdrawn_at.is_(None)
WITH_OUTCOME = and_(RECEIVED, inputs.c.first_outcome_published_at.is_not(None))
# closed: the person was told, by email or by their partner (docs/figures.md)
CLOSED = and_(RECEIVED, inputs.c.closed_at.is_not(None))
# nobody to tell: never closed, each on its own line
ANONYMOUS = and_(RECEIVED, inputs.c.contributor_id.is_(None))
NOT_WANTED = and_(RECEIVED, inputs.c.contributor_id.is_not(None), inputs.c.closed_at.is_(None),
                  inputs.c.not_wanted_at.is_not(None))
AWAITING = and_(RECEIVED, inputs.c.first_outcome_published_at.is_(None))
# grouped figures: by partner, and by board through the programmes each board lists
BY_PARTNER: dict[str, Any] = {"group": inputs.c.partner_id}
BY_PROGRAMME: dict[str, Any] = {"group": inputs.c.programme}
BY_BOARD: dict[str, Any] = {"group": board_programmes.c.board_id, "source": inputs.join(
    board_programmes, board_programmes.c.programme == inputs.c.programme)}


@dataclass(frozen=True)
class BoardCover:
    """A board, the programmes it covers (empty: all of them) and its time to answer."""
    board_id: str
    name: str
    slug: str
    due_days: int
    programmes: tuple[str, ...]


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def instant(day: date):
    """A bound UTC timestamp, typed so that SQLite and PostgreSQL compare it the same way."""
    return literal(midnight(day), UtcDateTime())


def board_covers(connection: Connection) -> list[BoardCover]:
    rows = connection.execute(
        select(boards.c.board_id, boards.c.name, boards.c.slug, boards.c.outcome_due_days,
               board_programmes.c.programme)
        .outerjoin(board_programmes, board_programmes.c.board_id == boards.c.board_id)
        .order_by(boards.c.name, boards.c.board_id, board_programmes.c.programme))
    covers: dict[str, BoardCover] = {}
    for r in rows:
        known = covers.get(r.board_id)
        programmes = (known.programmes if known else ()) + ((r.programme,) if r.programme else ())
        covers[r.board_id] = BoardCover(r.board_id, r.name, r.slug, r.outcome_due_days, programmes)
    return list(covers.values())


# read before every kept page and report: plain SQL, so no statement is built and compiled each time
_GENERATION_NOW = f"SELECT generation FROM {figures_generation.name} WHERE id = 1"


def figures_generation_now(connection: Connection) -> int | None:
    """The number the figures' tables move on with every change (None: not migrated yet)."""
    return connection.exec_driver_sql(_GENERATION_NOW).scalar()


def partner_known(connection: Connection, partner_id: str) -> bool:
    """Registered, or seen on input (a partner's events may arrive after its input's)."""
    return connection.execute(select(
        select(partners.c.partner_id).where(partners.c.partner_id == partner_id).exists()
        | select(inputs.c.input_id).where(inputs.c.partner_id == partner_id).exists())).scalar()


def partner_names(connection: Connection, partner_ids: list[str]) -> dict[str, str]:
    return dict(connection.execute(select(partners.c.partner_id, partners.c.name)
                                   .where(partners.c.partner_id.in_(partner_ids))).all())


def input_conditions(flt, board: BoardCover | None) -> list:
    """Which input a filter selects (withdrawn included: it is counted apart)."""
    where = []
    if flt.programme is not None:
        where.append(inputs.c.programme == flt.programme)
    if board is not None and board.programmes:
        where.append(inputs.c.programme.in_(board.programmes))
    if flt.partner_id is not None:
        where.append(inputs.c.partner_id == flt.partner_id)
    if flt.date_from is not None:
        where.append(inputs.c.submitted_at >= instant(flt.date_from))
    if flt.date_to is not None:
        where.append(inputs.c.submitted_at < instant(flt.date_to + timedelta(days=1)))
    return where


# "never overdue": a typed NULL, so `submitted_at < cutoff` compiles (a bare null() refuses `<`)
NO_CUTOFF = type_coerce(null(), UtcDateTime())


def overdue_before(covers: list[BoardCover], today: date, key=inputs.c.programme,
                   board: BoardCover | None = None):
    """Input submitted before this instant and still without an outcome is overdue.

    With a board: that board's own time to answer. Without: per programme, the shortest time
    among the boards covering it; input that no board covers is never overdue (NULL)."""
    if board is not None:
        return instant(today - timedelta(days=board.due_days))
    everything = [c.due_days for c in covers if not c.programmes]
    fallback = min(everything, default=None)
    due: dict[str, int] = {}
    for cover in covers:
        for programme in cover.programmes:
            due[programme] = min(due.get(programme, cover.due_days), cover.due_days)
    whens = [(key == p, instant(today - timedelta(days=min([d] + everything))))
             for p, d in sorted(due.items())]
    otherwise = NO_CUTOFF if fallback is None else instant(today - timedelta(days=fallback))
    return case(*whens, else_=otherwise) if whens else otherwise


def of_boards(covers: list[BoardCover]):
    """Board-grouped rows for these boards only."""
    return board_programmes.c.board_id.in_([c.board_id for c in covers])


def board_overdue_before(covers: list[BoardCover], today: date):
    """For board-grouped rows: each listed board's own time to answer."""
    whens = [(board_programmes.c.board_id == c.board_id, instant(today - timedelta(days=c.due_days)))
             for c in covers if c.programmes]
    return case(*whens, else_=NO_CUTOFF) if whens else NO_CUTOFF


def count_columns(overdue_cutoffs: dict, levels: bool) -> list:
    """received, withdrawn, with_outcome, closed_loop, not_wanted, anonymous; per named cutoff `overdue:<name>` and
    `oldest:<name>`; and `level:<level>` (input received per participation level) when asked."""
    columns = [func.count(case((RECEIVED, 1))).label("received"),
               func.count(case((inputs.c.withdrawn_at.is_not(None), 1))).label("withdrawn"),
               func.count(case((WITH_OUTCOME, 1))).label("with_outcome"),
               func.count(case((CLOSED, 1))).label("closed_loop"),
               func.count(case((NOT_WANTED, 1))).label("not_wanted"),
               func.count(case((ANONYMOUS, 1))).label("anonymous")]
    for name, cutoff in overdue_cutoffs.items():
        late = and_(AWAITING, inputs.c.submitted_at < cutoff)
        columns += [func.count(case((late, 1))).label(f"overdue:{name}"),
                    func.min(case((late, inputs.c.submitted_at))).label(f"oldest:{name}")]
    if levels:
        columns += [func.count(case((and_(RECEIVED, inputs.c.participation_level == level), 1)))
                    .label(f"level:{level}") for level in PARTICIPATION_LEVELS]
    return columns


def grouped(connection: Connection, columns: list, where: list, group=None, source=inputs) -> dict:
    """{group key (None without a group): {column label: value}} in one query."""
    key = (group if group is not None else literal(None)).label("key")
    query = select(key, *columns).select_from(source).where(*where)
    if group is not None:
        query = query.group_by(group)
    return {row.key: {k: v for k, v in row._mapping.items() if k != "key"}
            for row in connection.execute(query)}


def month_of(connection: Connection, column):
    if connection.dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(func.timezone("UTC", column), "YYYY-MM")


def closed_by_month(connection: Connection, where: list) -> list[tuple[str, int, int, int]]:
    """(month of submission, received, closed loop, nobody to tell: anonymous or not wanted),
    months with received input only."""
    month = month_of(connection, inputs.c.submitted_at)
    received = func.count(case((RECEIVED, 1)))
    query = (select(month, received, func.count(case((CLOSED, 1))),
                    func.count(case((or_(ANONYMOUS, NOT_WANTED), 1)))).where(*where)
             .group_by(month).having(received > 0).order_by(month))
    return [tuple(r) for r in connection.execute(query)]


def published_by_month(connection: Connection, board_id: str) -> list[tuple[str, int]]:
    """(month, decisions first published that month) from the published outcomes."""
    month = month_of(connection, outcomes.c.published_at)
    query = (select(month, func.count()).where(outcomes.c.board_id == board_id,
                                               outcomes.c.published_at.is_not(None))
             .group_by(month).order_by(month))
    return [tuple(r) for r in connection.execute(query)]


def overdue_bands(connection: Connection, where: list, due_before: date,
                  bands: list[tuple[str, int | None]]) -> dict[str, int]:
    """Awaiting input by days overdue: band (name, most days overdue or None) in order."""
    columns, lower = [], None
    for name, most in bands:
        start = None if most is None else instant(due_before - timedelta(days=most))
        window = [inputs.c.submitted_at < (instant(due_before) if lower is None else lower)]
        if start is not None:
            window.append(inputs.c.submitted_at >= start)
        columns.append(func.count(case((and_(AWAITING, *window), 1))).label(name))
        lower = start
    row = connection.execute(select(*columns).where(*where)).one()
    return dict(row._mapping)
