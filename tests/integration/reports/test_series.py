"""The series behind the public charts: closed loop by month, decisions by month, overdue bands."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from services.decisions.adapters.orm import inputs
from services.decisions.domain.errors import NotFound
from services.decisions.service_layer.reports import (
    ReportFilter, closed_loop_by_month, decisions_published_by_month, overdue_by_age_band,
)
from tests.integration.reports.dataset import BOARD, CRISIS, PARTNER_A, TODAY, at

BANDS = ["up to 30 days overdue", "31-90 days overdue", "91-180 days overdue", "over 180 days overdue"]


def test_closed_loop_by_month_of_submission(engine):
    assert closed_loop_by_month(engine, ReportFilter()) == [
        # i1 i2 i10 (i8 withdrawn): i1 closed, i2 anonymous, so 1 of the 2 who could be told
        {"month": "2027-01", "received": 3, "closed": 1, "rate": 0.5},
        {"month": "2027-02", "received": 3, "closed": 2, "rate": 0.667},  # i3 i4 i11 (23:00 UTC)
        {"month": "2027-03", "received": 2, "closed": 1, "rate": 1.0},    # i5 not wanted, i9
        {"month": "2027-04", "received": 1, "closed": 0, "rate": 0.0},    # i6
        {"month": "2027-05", "received": 1, "closed": 0, "rate": 0.0},    # i12
        {"month": "2027-06", "received": 1, "closed": 0, "rate": 0.0}]    # i7


def test_a_month_without_input_is_shown_empty(engine):
    b1 = closed_loop_by_month(engine, ReportFilter(board_id=BOARD["B1"]))
    assert [(m["month"], m["received"], m["rate"]) for m in b1] == [
        ("2027-01", 2, 1.0), ("2027-02", 2, 1.0), ("2027-03", 1, None), ("2027-04", 1, 0.0),
        ("2027-05", 0, None), ("2027-06", 1, 0.0)]
    assert closed_loop_by_month(engine, ReportFilter(programme="No such programme")) == []


def test_decisions_published_by_month(engine):
    assert decisions_published_by_month(engine, BOARD["B1"]) == [  # D1 D2, D5
        {"month": "2027-01", "published": 2}, {"month": "2027-02", "published": 0},
        {"month": "2027-03", "published": 1}]
    assert decisions_published_by_month(engine, BOARD["B2"]) == [  # D3 D4, D6
        {"month": "2027-02", "published": 2}, {"month": "2027-03", "published": 1}]
    assert decisions_published_by_month(engine, BOARD["B3"]) == []


def test_overdue_by_age_band_counts_days_past_the_board_s_time_to_answer(engine):
    def bands(board: str) -> list[int]:
        found = overdue_by_age_band(engine, BOARD[board], today=TODAY)
        assert [b["band"] for b in found] == BANDS
        return [b["count"] for b in found]

    assert bands("B2") == [1, 0, 1, 0]  # 60 days: i6 11 days over, i10 101 days over
    assert bands("B3") == [0, 2, 0, 0]  # 90 days: i10 71 over, i11 32 over
    # at the edges, with 30 days to answer: 30 days old is not overdue, 60 days old is 30 days
    # over, 61 days old is 31 days over (i6 is 41 over)
    with engine.begin() as connection:
        connection.execute(insert(inputs), [
            {"input_id": f"edge-{day}", "partner_id": PARTNER_A, "programme": CRISIS, "summary": "s",
             "engagement_method": "survey", "participation_level": "consultation",
             "gathered_on": date(2027, 1, 1), "submitted_at": at(day, 23), "quote_anonymously": False}
            for day in ("2027-05-31", "2027-05-01", "2027-04-30")])
    assert bands("B1") == [1, 2, 0, 0]
    with pytest.raises(NotFound):
        overdue_by_age_band(engine, "no-such-board", today=TODAY)
