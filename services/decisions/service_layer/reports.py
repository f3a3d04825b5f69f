"""The accountability figures: how much input came in, how much got an honest outcome, how long
people waited, and who shaped decisions. Definitions in docs/figures.md. Read-only, no key."""
from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Engine

from services.common.contracts.events.common import INFLUENCES, PARTICIPATION_LEVELS
from services.common.db.engine import read_connection
from services.decisions.adapters import reports_claims as claims
from services.decisions.adapters import reports_sql as sql
from services.decisions.adapters.reports_percentiles import input_figures
from services.decisions.domain.errors import NotFound
from services.decisions.domain.slugs import programme_slug
from services.decisions.service_layer.figures_cache import cache_for

NOTIFICATION_STATUSES = ("sent", "failed", "suppressed")
T = TypeVar("T")
AGE_BANDS = [("up to 30 days overdue", 30), ("31-90 days overdue", 90),
             ("91-180 days overdue", 180), ("over 180 days overdue", None)]


@dataclass(frozen=True)
class ReportFilter:
    programme: str | None = None     # programme name (exact)
    board_id: str | None = None      # input in the board's programmes; decisions of that board
    partner_id: str | None = None
    date_from: date | None = None    # input submitted on or after (UTC date)
    date_to: date | None = None      # input submitted on or before


def utc_today() -> date:
    return datetime.now(UTC).date()


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    """One snapshot for every query of a report, so its figures agree with each other."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            # room to sort a large programme's waits in memory rather than on disk
            connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        else:  # a deferred BEGIN: WAL gives the snapshot without taking the write lock
            connection = connection.execution_options(heard_read_only=True)
        yield connection


def _figures(engine: Engine, key: Hashable, compute: Callable[[Connection], T]) -> T:
    """compute(connection) in one snapshot, or the same figures computed earlier from the same
    data: the snapshot's figures generation says whether anything has changed since."""
    with _reading(engine) as connection:
        generation = sql.figures_generation_now(connection)
        found = cast(T, cache_for(engine).get_or_build(generation, key, lambda: compute(connection)))
    return copy.deepcopy(found)  # a caller may change what it gets; the stored figures stay


def figures_generation(engine: Engine) -> int | None:
    """The figures generation now: it moves on with every change to a table the figures or
    the public pages read (None: not migrated yet)."""
    with read_connection(engine) as connection:
        return sql.figures_generation_now(connection)


def _scope(connection: Connection,
           flt: ReportFilter) -> tuple[list[sql.BoardCover], sql.BoardCover | None, list[Any]]:
    """Every board, the filtered board (or None), and the filter's input conditions."""
    covers = sql.board_covers(connection)
    board = None
    if flt.board_id is not None:
        board = next((c for c in covers if c.board_id == flt.board_id), None)
        if board is None:
            raise NotFound("No such board.")
    if flt.partner_id is not None and not sql.partner_known(connection, flt.partner_id):
        raise NotFound("No such partner.")
    return covers, board, sql.input_conditions(flt, board)


def accountability_report(engine: Engine, flt: ReportFilter, *, today: date | None = None) -> dict[str, Any]:
    day = today or utc_today()
    return _figures(engine, ("report", flt, day), lambda connection: _report(connection, flt, day))


def _report(connection: Connection, flt: ReportFilter, today: date) -> dict[str, Any]:
    covers, board, where = _scope(connection, flt)
    shown = [board] if board else [c for c in covers if flt.programme is None
                                   or not c.programmes or flt.programme in c.programmes]
    # a board covering every programme, or the filtered one, sees all the report's input:
    # its row is the overall one with its own time to answer, from the same scan
    everywhere = [] if board else [c for c in shown if not c.programmes or flt.programme]
    cutoffs = {"all": sql.overdue_before(covers, today, board=board),
               **{c.board_id: sql.overdue_before(covers, today, board=c) for c in everywhere}}
    overall = input_figures(connection, where, cutoffs, levels=True)[None]
    listed = [c for c in shown if c is not board and c not in everywhere]
    by_board = input_figures(
        connection, where + [sql.of_boards(listed)],
        {"all": sql.board_overdue_before(listed, today)}, **sql.BY_BOARD) if listed else {}
    if flt.partner_id is None:
        by_partner = input_figures(connection, where, {"all": cutoffs["all"]}, **sql.BY_PARTNER)
    else:  # the one partner's row is the overall one
        by_partner = {flt.partner_id: overall} if overall["received"] + overall["withdrawn"] else {}
    names = sql.partner_names(connection, sorted(by_partner))
    claim_board = board.board_id if board else None
    influence, shaping = claims.influence_and_shaping(connection, where, claim_board)
    notifications = claims.notification_statuses(connection, where, claim_board)

    def board_row(cover: sql.BoardCover) -> dict[str, Any]:
        row, cutoff = ((overall, "all") if board else (overall, cover.board_id) if cover in everywhere
                       else (by_board.get(cover.board_id, {}), "all"))
        return {"board_id": cover.board_id, "name": cover.name, "slug": cover.slug,
                **scope_row(row, today, cutoff)}

    partners = sorted(({"partner_id": pid, "name": names.get(pid), **scope_row(row, today)}
                       for pid, row in by_partner.items()),
                      key=lambda p: (p["name"] is None, p["name"] or "", p["partner_id"]))
    return {
        "filter": {"programme": flt.programme, "board_id": flt.board_id, "partner_id": flt.partner_id,
                   "date_from": _iso(flt.date_from), "date_to": _iso(flt.date_to)},
        "as_of": today.isoformat(),
        **scope_row(overall, today),
        "influence_mix": {name: influence.get(name, 0) for name in INFLUENCES},
        "participation_received": {level: overall[f"level:{level}"] for level in PARTICIPATION_LEVELS},
        "participation_shaping": {level: shaping.get(level, 0) for level in PARTICIPATION_LEVELS},
        "notifications": {status: notifications.get(status, 0) for status in NOTIFICATION_STATUSES},
        "boards": [board_row(cover) for cover in shown],
        "partners": partners,
    }


def figures_by_programme(engine: Engine, *, today: date | None = None) -> list[dict[str, Any]]:
    """Every programme that has input, with its input figures and waits, in one grouped query:
    [{"programme", "slug", "inputs", "days_to_outcome", "days_to_closed_loop"}] by name.
    The same figures as accountability_report(programme=...), for the programme list."""
    day = today or utc_today()

    def compute(connection: Connection) -> list[dict[str, Any]]:
        covers = sql.board_covers(connection)
        rows = input_figures(connection, [], {"all": sql.overdue_before(covers, day)},
                             **sql.BY_PROGRAMME)
        return [{"programme": name, "slug": programme_slug(name), **scope_row(rows[name], day)}
                for name in sorted(rows)]
    return _figures(engine, ("programmes", day), compute)


def closed_loop_by_month(engine: Engine, flt: ReportFilter) -> list[dict[str, Any]]:
    """By month of submission: received input, how much of it has a closed loop, and the rate."""
    def compute(connection: Connection) -> list[dict[str, Any]]:
        _, _, where = _scope(connection, flt)
        rows = {month: (received, closed, untold) for month, received, closed, untold
                in sql.closed_by_month(connection, where)}
        return [{"month": month, "received": received, "closed": closed,
                 "rate": closed_rate(closed, received - untold)}
                for month, (received, closed, untold) in every_month(rows, (0, 0, 0))]
    return _figures(engine, ("closed by month", flt), compute)


def decisions_published_by_month(engine: Engine, board_id: str) -> list[dict[str, Any]]:
    def compute(connection: Connection) -> list[dict[str, Any]]:
        _scope(connection, ReportFilter(board_id=board_id))
        rows = dict(sql.published_by_month(connection, board_id))
        return [{"month": month, "published": count} for month, count in every_month(rows, 0)]
    return _figures(engine, ("published by month", board_id), compute)


def overdue_by_age_band(engine: Engine, board_id: str, *, today: date | None = None) -> list[dict[str, Any]]:
    """The board's overdue input by how many days past its outcome_due_days it is."""
    day = today or utc_today()

    def compute(connection: Connection) -> list[dict[str, Any]]:
        _, board, where = _scope(connection, ReportFilter(board_id=board_id))
        assert board is not None  # _scope raised NotFound otherwise
        due_before = day - timedelta(days=board.due_days)
        counts = sql.overdue_bands(connection, where, due_before, AGE_BANDS)
        return [{"band": name, "count": counts[name]} for name, _ in AGE_BANDS]
    return _figures(engine, ("overdue by age band", board_id, day), compute)


def scope_row(row: dict[str, Any], today: date, cutoff: str = "all") -> dict[str, Any]:
    """The figures of one scope from its row of input_figures (an empty row: no input)."""
    received, closed, oldest = row.get("received", 0), row.get("closed_loop", 0), row.get(f"oldest:{cutoff}")
    not_wanted, anonymous = row.get("not_wanted", 0), row.get("anonymous", 0)
    return {
        "inputs": {
            "received": received, "withdrawn": row.get("withdrawn", 0),
            "with_outcome": row.get("with_outcome", 0), "closed_loop": closed,
            "not_wanted": not_wanted, "anonymous": anonymous,
            "closed_loop_rate": closed_rate(closed, received - not_wanted - anonymous),
            "overdue": row.get(f"overdue:{cutoff}", 0),
            "oldest_overdue_days": None if oldest is None else (today - oldest.astimezone(UTC).date()).days},
        **{wait: {name: None if row.get(f"{wait}:{name}") is None else round(row[f"{wait}:{name}"], 1)
                  for name in ("median", "p90")} for wait in ("days_to_outcome", "days_to_closed_loop")},
    }


def closed_rate(closed: int, reachable: int) -> float | None:
    """Closed loops among the input whose contributor could be told (docs/figures.md)."""
    return round(closed / reachable, 3) if reachable else None


def every_month(found: Mapping[str, T], empty: T) -> list[tuple[str, T]]:
    """Every month from the first found to the last, gaps filled with `empty`."""
    if not found:
        return []
    year, month = map(int, min(found).split("-"))
    last, months = max(found), []
    while True:
        key = f"{year:04d}-{month:02d}"
        months.append((key, found.get(key, empty)))
        if key >= last:
            return months
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
