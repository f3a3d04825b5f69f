"""Each filter narrows every figure the same way (data set and hand computation in dataset.py)."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import insert

from services.decisions.adapters.orm import inputs
from services.decisions.domain.errors import NotFound
from services.decisions.service_layer.reports import ReportFilter, accountability_report
from tests.integration.reports.conftest import migrated_engine
from tests.integration.reports.dataset import (
    BOARD, CARERS, CRISIS, PARTNER_A, PARTNER_B, TODAY, at, insert_dataset, inputs_figures,
)


def report(engine, **filters) -> dict:
    return accountability_report(engine, ReportFilter(**filters), today=TODAY)


def test_programme(engine):
    crisis = report(engine, programme=CRISIS)
    # i1-i7 (i8 withdrawn); closed i1 i3 i4, not wanted i5, anonymous i2: 3 of 5; overdue at 30
    # days: i6
    assert crisis["inputs"] == inputs_figures(7, 1, 5, 3, 1, 1, 0.6, 1, 71)
    assert crisis["days_to_outcome"] == {"median": 6.0, "p90": 16.0}
    assert crisis["influence_mix"] == {"adopted": 2, "adapted": 2, "not_adopted": 1, "noted": 1}
    assert crisis["participation_received"] == {
        "informing": 1, "consultation": 3, "engagement": 1, "co-design": 1, "co-production": 1}
    assert crisis["participation_shaping"] == {
        "informing": 0, "consultation": 2, "engagement": 1, "co-design": 0, "co-production": 1}
    assert crisis["notifications"] == {"sent": 2, "failed": 1, "suppressed": 1}
    # the boards covering it, each with its own time to answer: i6 is 71 days old
    assert {b["name"]: b["inputs"]["overdue"] for b in crisis["boards"]} == {
        "Board B1": 1, "Board B2": 1, "Board B3": 0}
    assert {b["name"]: b["inputs"]["received"] for b in crisis["boards"]} == {
        "Board B1": 7, "Board B2": 7, "Board B3": 7}
    assert [p["inputs"]["received"] for p in crisis["partners"]] == [4, 3]
    assert [b["name"] for b in report(engine, programme=CARERS)["boards"]] == ["Board B2", "Board B3"]
    unknown = report(engine, programme="No such programme")
    assert unknown["inputs"]["received"] == 0 and unknown["inputs"]["closed_loop_rate"] is None
    assert unknown["days_to_outcome"] == {"median": None, "p90": None}


def test_board_its_programmes_its_time_to_answer_and_its_own_decisions(engine):
    b2 = report(engine, board_id=BOARD["B2"])
    # Crisis care and Carers; overdue at 60 days: i6 (71) and i10 (161)
    assert b2["inputs"] == inputs_figures(9, 1, 6, 4, 1, 1, 0.571, 2, 161)
    # only D3, D4 and D6 are B2's: i3 not adopted and noted, i4 and i9 adopted
    assert b2["influence_mix"] == {"adopted": 2, "adapted": 0, "not_adopted": 1, "noted": 1}
    assert b2["participation_shaping"] == {
        "informing": 0, "consultation": 0, "engagement": 1, "co-design": 1, "co-production": 0}
    assert b2["notifications"] == {"sent": 2, "failed": 1, "suppressed": 0}  # N2, N3, N5
    assert [(b["board_id"], b["inputs"]) for b in b2["boards"]] == [(BOARD["B2"], b2["inputs"])]
    assert [p["inputs"]["received"] for p in b2["partners"]] == [5, 4]
    b3 = report(engine, board_id=BOARD["B3"])  # every programme, 90 days, no decisions
    assert (b3["inputs"]["received"], b3["inputs"]["overdue"]) == (11, 2)
    assert b3["influence_mix"] == {"adopted": 0, "adapted": 0, "not_adopted": 0, "noted": 0}
    assert b3["notifications"] == {"sent": 0, "failed": 0, "suppressed": 0}


def test_partner(engine):
    b = report(engine, partner_id=PARTNER_B)
    assert b["inputs"] == inputs_figures(5, 0, 3, 3, 0, 0, 0.6, 1, 71)
    assert [p["partner_id"] for p in b["partners"]] == [PARTNER_B]
    assert {x["name"]: x["inputs"]["received"] for x in b["boards"]} == {
        "Board B1": 3, "Board B2": 4, "Board B3": 5}
    assert b["influence_mix"] == {"adopted": 2, "adapted": 0, "not_adopted": 1, "noted": 1}
    assert b["notifications"] == {"sent": 2, "failed": 1, "suppressed": 0}


def test_dates_are_inclusive_utc_days(engine):
    february = report(engine, date_from=date(2027, 2, 1), date_to=date(2027, 2, 28))
    # i3 (1 Feb 00:00), i4 (15 Feb), i11 (28 Feb 23:00); not i5 (1 Mar 12:00)
    assert february["inputs"] == inputs_figures(3, 0, 2, 2, 0, 0, 0.667, 1, 122)
    assert february["filter"] == {"programme": None, "board_id": None, "partner_id": None,
                                  "date_from": "2027-02-01", "date_to": "2027-02-28"}
    assert report(engine, date_from=date(2027, 2, 1), date_to=date(2027, 2, 1))["inputs"]["received"] == 1
    assert report(engine, date_to=date(2027, 1, 31))["inputs"]["received"] == 3  # i1 i2 i10
    assert report(engine, date_from=date(2027, 6, 1))["inputs"]["received"] == 1  # i7


def test_filters_combine(engine):
    narrow = report(engine, programme=CRISIS, partner_id=PARTNER_A, date_from=date(2027, 1, 5))
    assert narrow["inputs"]["received"] == 3  # i2, i5, i7 (i1 too early, i8 withdrawn)
    assert narrow["days_to_outcome"] == {"median": 12.0, "p90": 18.4}  # 4 20: 4 + 0.5*16, 4 + 0.9*16


def test_unknown_board_or_partner_is_not_found_but_an_unregistered_partner_with_input_is(engine):
    with pytest.raises(NotFound):
        report(engine, board_id=str(uuid.uuid4()))
    with pytest.raises(NotFound):
        report(engine, partner_id=str(uuid.uuid4()))
    unregistered = str(uuid.uuid4())  # its partner-registered event has not arrived yet
    with engine.begin() as connection:
        connection.execute(insert(inputs).values(
            input_id=str(uuid.uuid4()), partner_id=unregistered, programme=CRISIS, summary="s",
            engagement_method="survey", participation_level="consultation",
            gathered_on=date(2027, 6, 1), submitted_at=at("2027-06-01"), quote_anonymously=False))
    found = report(engine, partner_id=unregistered)
    assert found["inputs"]["received"] == 1
    assert [(p["partner_id"], p["name"]) for p in found["partners"]] == [(unregistered, None)]


def test_input_no_board_covers_is_never_overdue(database_url):
    engine = migrated_engine(database_url)
    with engine.begin() as connection:
        insert_dataset(connection, with_all_programmes_board=False)
    figures = report(engine)
    # Dementia (i11, 122 days) has no board now: overdue are only i6 (30 days) and i10 (60 days)
    assert (figures["inputs"]["overdue"], figures["inputs"]["oldest_overdue_days"]) == (2, 161)
    assert [b["name"] for b in figures["boards"]] == ["Board B1", "Board B2"]
    engine.dispose()
