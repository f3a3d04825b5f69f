"""Pure pieces of the report: programme slugs, the month series, a scope's row, the CSV."""
from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from services.decisions.adapters.reports_csv import COLUMNS, report_csv
from services.decisions.domain.slugs import programme_slug
from services.decisions.service_layer.reports import every_month, scope_row


@pytest.mark.parametrize("name, slug", [
    ("Adult mental health crisis care 2027", "adult-mental-health-crisis-care-2027"),
    ("  Carers' respite — Northtown & Eastbridge ", "carers-respite-northtown-eastbridge"),
    ("Café_Ñight  care", "cafe-night-care"),
    ("!!!", "programme"),
])
def test_programme_slug(name, slug):
    assert programme_slug(name) == slug


def test_every_month_fills_gaps_across_a_year_end():
    assert every_month({"2026-11": 3, "2027-02": 1}, 0) == [
        ("2026-11", 3), ("2026-12", 0), ("2027-01", 0), ("2027-02", 1)]
    assert every_month({}, 0) == []


def test_scope_row_rates_rounds_and_ages():
    row = {"received": 3, "withdrawn": 1, "with_outcome": 2, "closed_loop": 1, "overdue:all": 1,
           "oldest:all": datetime(2027, 6, 1, 23, 30, tzinfo=UTC), "days_to_outcome:median": 2.24,
           "days_to_outcome:p90": 3.96, "days_to_closed_loop:median": None,
           "days_to_closed_loop:p90": None}
    assert scope_row(row, date(2027, 6, 30)) == {
        "inputs": {"received": 3, "withdrawn": 1, "with_outcome": 2, "closed_loop": 1,
                   "not_wanted": 0, "anonymous": 0,
                   "closed_loop_rate": 0.333, "overdue": 1, "oldest_overdue_days": 29},
        "days_to_outcome": {"median": 2.2, "p90": 4.0},
        "days_to_closed_loop": {"median": None, "p90": None}}
    untold = scope_row({**row, "not_wanted": 1, "anonymous": 1}, date(2027, 6, 30))["inputs"]
    assert (untold["closed_loop_rate"], untold["not_wanted"], untold["anonymous"]) == (1.0, 1, 1), \
        "input nobody could tell is left out of the rate, never counted as closed"
    nobody = scope_row({"received": 2, "anonymous": 2}, date(2027, 6, 30))["inputs"]
    assert nobody["closed_loop_rate"] is None
    empty = scope_row({}, date(2027, 6, 30))
    assert empty["inputs"]["received"] == 0 and empty["inputs"]["closed_loop_rate"] is None


def test_csv_rows_are_flat_and_leave_unknown_figures_empty():
    figures = scope_row({"received": 2, "closed_loop": 1}, date(2027, 6, 30))
    report = {**figures, "influence_mix": {"adopted": 1, "adapted": 0, "not_adopted": 0, "noted": 0},
              "participation_received": {"consultation": 2}, "participation_shaping": {"consultation": 1},
              "notifications": {"sent": 1, "failed": 0, "suppressed": 0},
              "boards": [{"board_id": "b1", "name": "Board, with a comma", **figures}],
              "partners": [{"partner_id": "p1", "name": None, **figures}]}
    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["scope"], r["scope_id"], r["name"]) for r in rows] == [
        ("overall", "", ""), ("board", "b1", "Board, with a comma"), ("partner", "p1", "")]
    assert (rows[0]["closed_loop_rate"], rows[0]["days_to_outcome_median"]) == ("0.5", "")
    assert (rows[0]["influence_adopted"], rows[1]["influence_adopted"]) == ("1", "")
