"""Median and 90th percentile of days waited, computed in the database on both dialects.

Linear interpolation between closest ranks (PostgreSQL's percentile_cont, numpy's "linear"):
for n sorted values x[1..n] and fraction p, h = (n - 1) * p; the result is
x[floor(h) + 1] + (h - floor(h)) * (x[floor(h) + 2] - x[floor(h) + 1]).
PostgreSQL runs percentile_cont itself; SQLite ranks the values with window functions and returns
only the two neighbouring ranks of each percentile per group, interpolated here."""
from __future__ import annotations

import math

from sqlalchemy import Connection, Integer, case, cast, func, literal, or_, select

from services.decisions.adapters.orm import inputs
from services.decisions.adapters.reports_sql import CLOSED, WITH_OUTCOME

FRACTIONS = {"median": 0.5, "p90": 0.9}
SECONDS_PER_DAY = 86400.0


def days_between(connection: Connection, start, end):
    if connection.dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return (func.extract("epoch", end) - func.extract("epoch", start)) / SECONDS_PER_DAY


def waits(connection: Connection) -> dict:
    """The two waits reported: metric name -> (only for this input, days)."""
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


def wait_percentiles(connection: Connection, where: list, *, group=None, source=inputs) -> dict:
    """{group key (None without one): {metric: {"median", "p90"}}} for every group with a value."""
    found: dict = {}
    for metric, (applies, days) in waits(connection).items():
        compute = _postgresql if connection.dialect.name == "postgresql" else _ranked
        for key, values in compute(connection, where + [applies], days, group, source).items():
            found.setdefault(key, {})[metric] = values
    return found


def _postgresql(connection: Connection, where: list, days, group, source) -> dict:
    key = (group if group is not None else literal(None)).label("key")
    query = select(key, *[func.percentile_cont(f).within_group(days).label(name)
                          for name, f in FRACTIONS.items()]).select_from(source).where(*where)
    if group is not None:
        query = query.group_by(group)
    return {r.key: {name: float(r._mapping[name]) for name in FRACTIONS}
            for r in connection.execute(query)}


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

