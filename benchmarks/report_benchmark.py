"""How long the accountability report takes on a large data set (not a test: it prints timings).

    .venv/bin/python scripts/generate_dataset.py --database-url URL --inputs 1000000 --decisions 10000
    .venv/bin/python benchmarks/report_benchmark.py --database-url URL --repeat 5

Runs the report for the largest programme, the board and the partner with the most input, and
the whole data set, each once to warm up and then --repeat times, and prints median, min and max
milliseconds with the row counts: computed afresh, and answered again while the data has not
changed (the figures kept under the figures generation). Also times the monthly series and age
bands the public pages use, and the programme list: one grouped query, and one full report per
programme."""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text

from services.common.db.engine import make_engine
from services.decisions.adapters import orm
from services.decisions.service_layer.figures_cache import forget
from services.decisions.service_layer.reports import (
    ReportFilter, accountability_report, closed_loop_by_month, decisions_published_by_month,
    figures_by_programme, overdue_by_age_band,
)

TABLES = ("inputs", "outcome_links", "decisions", "decision_links", "notification_outcomes")


def timed(engine, call, repeat: int, *, fresh: bool = True) -> tuple[list[float], Any]:
    """fresh: nothing kept from an earlier computation (as after any change to the data);
    otherwise the figures kept while the data is unchanged answer the repeats."""
    forget(engine)
    call()  # warm-up: the first run also reads pages into the cache
    times, result = [], None
    for _ in range(repeat):
        if fresh:
            forget(engine)
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def line(label: str, times: list[float], extra: str = "") -> str:
    return (f"{label:<44} median {statistics.median(times):8.1f} ms   min {min(times):8.1f}   "
            f"max {max(times):8.1f}   {extra}")


def largest(connection, column) -> str:
    return connection.execute(select(column).group_by(column)
                              .order_by(func.count().desc(), column).limit(1)).scalar_one()


def scopes(engine) -> list[tuple[str, ReportFilter]]:
    """The largest programme, the board and the partner with the most input, everything."""
    with engine.connect() as connection:
        programme = largest(connection, orm.inputs.c.programme)
        partner = largest(connection, orm.inputs.c.partner_id)
        boards = dict(connection.execute(select(orm.boards.c.board_id, orm.boards.c.name)).all())
        board = connection.execute(
            select(orm.board_programmes.c.board_id).join(
                orm.inputs, orm.inputs.c.programme == orm.board_programmes.c.programme)
            .group_by(orm.board_programmes.c.board_id)
            .order_by(func.count().desc(), orm.board_programmes.c.board_id).limit(1)).scalar()
    board = board or min(boards)  # no board lists programmes: they all cover everything
    return [(f"programme '{programme}'", ReportFilter(programme=programme)),
            (f"board '{boards[board]}' (most input)", ReportFilter(board_id=board)),
            ("partner (most input)", ReportFilter(partner_id=partner)),
            ("whole data set", ReportFilter())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("HEARD_DECISIONS_DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--today", type=date.fromisoformat, default=datetime.now(UTC).date())
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url or set HEARD_DECISIONS_DATABASE_URL")
    engine = make_engine(args.database_url)
    with engine.connect() as connection:
        counts = {t: connection.execute(select(func.count()).select_from(orm.metadata.tables[t]))
                  .scalar_one() for t in TABLES}
        programmes = sorted(connection.execute(select(orm.inputs.c.programme).distinct()).scalars())
        version = (connection.execute(text("SELECT version()")).scalar()
                   if engine.dialect.name == "postgresql" else "SQLite")
    print(f"{version.split(',')[0]}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; as of {args.today}; {args.repeat} runs after one warm-up")
    print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    found = scopes(engine)
    board = next(flt.board_id for _, flt in found if flt.board_id)
    for label, flt in found:
        for fresh in (True, False):
            times, report = timed(engine, lambda flt=flt: accountability_report(engine, flt, today=args.today),
                                  args.repeat, fresh=fresh)
            figures = report["inputs"]
            print(line(f"{label}, {'computed' if fresh else 'again'}", times,
                       f"received {figures['received']:,}, overdue {figures['overdue']:,}, "
                       f"{len(report['boards'])} board rows, {len(report['partners'])} partner rows"))
    programme = next(flt for _, flt in found if flt.programme)
    for label, call in [
            ("closed loop by month, largest programme", lambda: closed_loop_by_month(engine, programme)),
            ("decisions published by month, board", lambda: decisions_published_by_month(engine, board)),
            ("overdue by age band, board", lambda: overdue_by_age_band(engine, board, today=args.today)),
            ("figures by programme, one grouped query", lambda: figures_by_programme(engine, today=args.today)),
            (f"a full report per programme ({len(programmes)})",
             lambda: [accountability_report(engine, ReportFilter(programme=p), today=args.today)
                      for p in programmes])]:
        print(line(f"{label}, computed", timed(engine, call, args.repeat)[0]))
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
