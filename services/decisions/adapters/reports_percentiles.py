"""Figures over input: counts with the median and 90th percentile of days waited, computed in the
database on both dialects, in one query per grouping on PostgreSQL.

Linear interpolation between closest ranks (PostgreSQL's percentile_cont, numpy's "linear"):
for n sorted values x[1..n] and fraction p, h = (n - 1) * p; the result is
x[floor(h) + 1] + (h - floor(h)) * (x[floor(h) + 2] - x[floor(h) + 1]).
PostgreSQL runs percentile_cont itself, in the same scan as the counts. SQLite ranks the values
with window functions and returns only the two neighbouring ranks of each percentile per group,
interpolated here."""
from __future__ import annotations

import math

from sqlalchemy import Connection, Integer, case, cast, func, literal, or_, select

from services.decisions.adapters.orm import inputs
from services.decisions.adapters.reports_sql import CLOSED, WITH_OUTCOME, count_columns, grouped

FRACTIONS = {"median": 0.5, "p90": 0.9}
SECONDS_PER_DAY = 86400.0


def days_between(connection: Connection, start, end):
    if connection.dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    # date_part is double precision; EXTRACT is numeric (PostgreSQL 14+), several times slower to sort
    return (func.date_part("epoch", end) - func.date_part("epoch", start)) / SECONDS_PER_DAY


def waits(connection: Connection) -> dict:
    """The two waits reported: metric name -> (the input it applies to, days)."""
    return {
        "days_to_outcome": (WITH_OUTCOME, days_between(
            connection, inputs.c.submitted_at, inputs.c.first_outcome_published_at)),
        "days_to_closed_loop": (CLOSED, days_between(
            connection, inputs.c.submitted_at, inputs.c.closed_at)),
    }


def interpolate(lower: float | None, upper: float | None, n: int, fraction: float) -> float | None:
    """The percentile from the values at ranks floor(h)+1 and floor(h)+2 (upper may be absent)."""
    if n == 0 or lower is None:
        return None
    h = (n - 1) * fraction
    weight = h - math.floor(h)
    return lower if upper is None or weight == 0 else lower + weight * (upper - lower)


def input_figures(connection: Connection, where: list, overdue_cutoffs: dict, *, group=None,
                  source=inputs, levels: bool = False) -> dict:
    """{group key (None without a group): the count columns (reports_sql.count_columns) and
    "<wait>:median" and "<wait>:p90" for days_to_outcome and days_to_closed_loop (None: no value)}."""
    columns = count_columns(overdue_cutoffs, levels)
    postgresql = connection.dialect.name == "postgresql"
    if postgresql:  # percentile_cont ignores NULLs: the CASE leaves out input it does not apply to
        columns += [func.percentile_cont(fraction).within_group(case((applies, days)))
                    .label(f"{metric}:{name}") for metric, (applies, days) in waits(connection).items()
                    for name, fraction in FRACTIONS.items()]
    found = grouped(connection, columns, where, group, source)
    if not postgresql:
        for metric, (applies, days) in waits(connection).items():
            ranked = _ranked(connection, where + [applies], days, group, source)
            for key, row in found.items():
                row.update({f"{metric}:{name}": ranked.get(key, {}).get(name) for name in FRACTIONS})
    return found


def _ranked(connection: Connection, where: list, days, group, source) -> dict:
    key = group if group is not None else literal(None)
    partition = {"partition_by": group} if group is not None else {}
    ranked = select(key.label("key"), days.label("days"),
                    func.row_number().over(order_by=days, **partition).label("rank"),
                    func.count().over(**partition).label("n")
                    ).select_from(source).where(*where).subquery()

    def rank(fraction: float, step: int):
        return cast((ranked.c.n - 1) * fraction, Integer) + step  # CAST truncates: floor here

    columns, wanted = [], []
    for name, fraction in FRACTIONS.items():
        for step in (1, 2):
            at = ranked.c.rank == rank(fraction, step)
            wanted.append(at)
            columns.append(func.max(case((at, ranked.c.days))).label(f"{name}{step}"))
    query = (select(ranked.c.key, ranked.c.n, *columns).where(or_(*wanted))
             .group_by(ranked.c.key, ranked.c.n))
    return {r.key: {name: interpolate(r._mapping[f"{name}1"], r._mapping[f"{name}2"], r.n, f)
                    for name, f in FRACTIONS.items()} for r in connection.execute(query)}
