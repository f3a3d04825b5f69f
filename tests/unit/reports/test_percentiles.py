"""Percentiles by linear interpolation between closest ranks, as PostgreSQL's percentile_cont:
the interpolation step alone, and SQLite's ranked queries against statistics.quantiles."""
from __future__ import annotations

import random
import statistics
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from services.common.db.engine import make_engine
from services.decisions.adapters.orm import inputs, metadata
from services.decisions.adapters.reports_percentiles import input_figures, interpolate


@pytest.mark.parametrize("lower, upper, n, fraction, expected", [
    (None, None, 0, 0.5, None),   # nothing to rank
    (4.0, None, 1, 0.9, 4.0),     # one value is every percentile
    (6.0, 8.0, 6, 0.5, 7.0),      # h = 2.5: halfway between ranks 3 and 4
    (10.0, 20.0, 6, 0.9, 15.0),   # h = 4.5
    (10.0, 12.0, 5, 0.5, 10.0),   # h = 2: exactly rank 3, the next rank does not matter
    (12.0, 21.0, 5, 0.9, 17.4),   # h = 3.6
    (3.0, 3.0, 4, 0.9, 3.0),      # ties
])
def test_interpolate(lower, upper, n, fraction, expected):
    found = interpolate(lower, upper, n, fraction)
    assert found == (None if expected is None else pytest.approx(expected))


def reference(values: list[float], fraction: float) -> float:
    """statistics' "inclusive" quantiles interpolate between closest ranks too (n >= 2)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def test_sqlite_ranked_percentiles_match_the_definition_per_group(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    metadata.create_all(engine)
    rng, t0 = random.Random(7), datetime(2027, 1, 1, tzinfo=UTC)
    waits = {group: [round(rng.uniform(0, 60), 3) for _ in range(size)]
             for group, size in (("one", 1), ("two", 2), ("odd", 7), ("many", 40))}
    rows = [{"input_id": f"{group}-{i}", "partner_id": group, "programme": "P", "summary": "s",
             "engagement_method": "survey", "participation_level": "engagement",
             "gathered_on": t0.date(), "submitted_at": t0, "quote_anonymously": False,
             "first_outcome_published_at": t0 + timedelta(days=days)}
            for group, values in waits.items() for i, days in enumerate(values)]
    with engine.begin() as connection:
        connection.execute(insert(inputs), rows)
        found = input_figures(connection, [], {}, group=inputs.c.partner_id)
        overall = input_figures(connection, [], {})[None]
    for group, values in waits.items():
        assert found[group]["days_to_outcome:median"] == pytest.approx(reference(values, 0.5), abs=1e-6)
        assert found[group]["days_to_outcome:p90"] == pytest.approx(reference(values, 0.9), abs=1e-6)
        assert found[group]["days_to_closed_loop:median"] is None  # nothing closed
    everything = [v for values in waits.values() for v in values]
    assert overall["days_to_outcome:p90"] == pytest.approx(reference(everything, 0.9), abs=1e-6)
    assert overall["received"] == len(everything)
    engine.dispose()
