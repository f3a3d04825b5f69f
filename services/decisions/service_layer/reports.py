"""The accountability figures: how much input came in, how much got an honest outcome, how long
people waited, and who shaped decisions. Definitions in docs/figures.md. Read-only, no key."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from services.common.contracts.events.common import INFLUENCES, PARTICIPATION_LEVELS
from services.decisions.adapters import reports_claims as claims
from services.decisions.adapters import reports_sql as sql
from services.decisions.adapters.reports_percentiles import wait_percentiles
from services.decisions.domain.errors import NotFound

NOTIFICATION_STATUSES = ("sent", "failed", "suppressed")
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
def _reading(engine):
    """One snapshot for every query of a report, so its figures agree with each other."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        yield connection


def _scope(connection, flt: ReportFilter):
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


def accountability_report(engine, flt: ReportFilter, *, today: date | None = None) -> dict:
    today = today or utc_today()
    with _reading(engine) as connection:
        covers, board, where = _scope(connection, flt)
        if board is not None:
            shown = [board]
        else:
            shown = [c for c in covers if flt.programme is None or not c.programmes
                     or flt.programme in c.programmes]
        # a board covering every programme sees the same input as the whole report
        everywhere = [c for c in shown if board is None and not c.programmes]
        cutoffs = {"all": sql.overdue_before(covers, today, board=board)}
        cutoffs.update({c.board_id: sql.overdue_before(covers, today, board=c) for c in everywhere})
        counted = sql.input_counts(connection, where, cutoffs, levels=True).get(None)
        overall_waits = wait_percentiles(connection, where).get(None, {})

        listed = [c for c in shown if c.programmes and board is None]
        by_board, board_waits = {}, {}
        if listed:
            board_where = where + [sql.of_boards(listed)]
            by_board = sql.input_counts(connection, board_where,
                                        {"all": sql.board_overdue_before(listed, today)}, **sql.BY_BOARD)
            board_waits = wait_percentiles(connection, board_where, **sql.BY_BOARD)
        by_partner = sql.input_counts(connection, where, {"all": cutoffs["all"]}, **sql.BY_PARTNER)
        partner_waits = wait_percentiles(connection, where, **sql.BY_PARTNER)
        names = sql.partner_names(connection, sorted(by_partner))
        claim_board = None if board is None else board.board_id
        influence = claims.influence_mix(connection, where, claim_board)
        shaping = claims.shaping_levels(connection, where, claim_board)
        notifications = claims.notification_statuses(connection, where, claim_board)

    overall = counts_of(counted)
    boards_out = []
    for cover in shown:
        if cover in everywhere:
            counts, waits = counts_of(counted, cover.board_id), overall_waits
        elif board is not None:
            counts, waits = overall, overall_waits
        else:
            counts, waits = counts_of(by_board.get(cover.board_id)), board_waits.get(cover.board_id, {})
        boards_out.append({"board_id": cover.board_id, "name": cover.name, "slug": cover.slug,
                           **scope_row(counts, waits, today)})
    partners_out = sorted(
        ({"partner_id": pid, "name": names.get(pid),
          **scope_row(counts_of(by_partner[pid]), partner_waits.get(pid, {}), today)}
         for pid in by_partner), key=lambda p: (p["name"] is None, p["name"] or "", p["partner_id"]))
    return {
        "filter": {"programme": flt.programme, "board_id": flt.board_id, "partner_id": flt.partner_id,
                   "date_from": _iso(flt.date_from), "date_to": _iso(flt.date_to)},
        "as_of": today.isoformat(),
        **scope_row(overall, overall_waits, today),
        "influence_mix": {name: influence.get(name, 0) for name in INFLUENCES},
        "participation_received": {level: overall[f"level:{level}"] for level in PARTICIPATION_LEVELS},
        "participation_shaping": {level: shaping.get(level, 0) for level in PARTICIPATION_LEVELS},
        "notifications": {status: notifications.get(status, 0) for status in NOTIFICATION_STATUSES},
        "boards": boards_out,
        "partners": partners_out,
    }


def closed_loop_by_month(engine, flt: ReportFilter) -> list[dict]:
    """By month of submission: received input, how much of it has a closed loop, and the rate."""
    with _reading(engine) as connection:
        _, _, where = _scope(connection, flt)
        rows = {month: (received, closed) for month, received, closed
                in sql.closed_by_month(connection, where)}
    return [{"month": month, "received": received, "closed": closed,
             "rate": round(closed / received, 3) if received else None}
            for month, (received, closed) in every_month(rows, (0, 0))]


def decisions_published_by_month(engine, board_id: str) -> list[dict]:
    with _reading(engine) as connection:
        _scope(connection, ReportFilter(board_id=board_id))
        rows = dict(sql.published_by_month(connection, board_id))
    return [{"month": month, "published": count} for month, count in every_month(rows, 0)]


def overdue_by_age_band(engine, board_id: str, *, today: date | None = None) -> list[dict]:
    """The board's overdue input by how many days past its outcome_due_days it is."""
    today = today or utc_today()
    with _reading(engine) as connection:
        _, board, where = _scope(connection, ReportFilter(board_id=board_id))
        due_before = today - timedelta(days=board.due_days)
        counts = sql.overdue_bands(connection, where, due_before, AGE_BANDS)
    return [{"band": name, "count": counts[name]} for name, _ in AGE_BANDS]


def counts_of(row: dict | None, cutoff: str = "all") -> dict:
    """A scope's counts, with the overdue figures of the named cutoff; zeros for no row."""
    row = row or {}
    found = {name: row.get(name, 0) for name in ("received", "withdrawn", "with_outcome", "closed_loop")}
    found.update({k: v for k, v in row.items() if k.startswith("level:")},
                 overdue=row.get(f"overdue:{cutoff}", 0), oldest=row.get(f"oldest:{cutoff}"))
    return found


def scope_row(counts: dict, waits: dict, today: date) -> dict:
    received, oldest = counts["received"], counts["oldest"]
    return {
        "inputs": {
            "received": received, "withdrawn": counts["withdrawn"],
            "with_outcome": counts["with_outcome"], "closed_loop": counts["closed_loop"],
            "closed_loop_rate": round(counts["closed_loop"] / received, 3) if received else None,
            "overdue": counts["overdue"],
            "oldest_overdue_days": None if oldest is None else (today - oldest.astimezone(UTC).date()).days},
        **{metric: {name: None if waits.get(metric, {}).get(name) is None
                    else round(waits[metric][name], 1) for name in ("median", "p90")}
           for metric in ("days_to_outcome", "days_to_closed_loop")},
    }


def every_month(found: dict[str, object], empty) -> list[tuple[str, object]]:
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
