"""Every figure of the unfiltered report against the hand computation (data set in dataset.py)."""
from __future__ import annotations

from services.decisions.service_layer.reports import (
    ReportFilter, accountability_report, figures_by_programme,
)
from tests.integration.reports.dataset import BOARD, PARTNER_A, PARTNER_B, TODAY, inputs_figures


def test_input_counts_leave_withdrawn_input_apart(engine):
    report = accountability_report(engine, ReportFilter(), today=TODAY)
    # received: i1-i7, i9-i12 (i8 withdrawn); with an outcome: i1-i5, i9; closed: i1, i4, i9
    # (emailed) and i3 (the partner phoned); not wanted: i5; anonymous: i2; rate 4 / (11 - 2)
    # overdue, shortest time among the boards covering each programme: Crisis care 30 days (i6,
    # 71 days old; i7 is 20), Carers 60 (i10, 161), Dementia 90 (i11, 122; i12 is only 60)
    assert report["inputs"] == inputs_figures(11, 1, 6, 4, 1, 1, 0.444, 3, 161)
    assert report["as_of"] == "2027-06-30"


def test_median_and_90th_percentile_interpolate_between_closest_ranks(engine):
    report = accountability_report(engine, ReportFilter(), today=TODAY)
    # days to outcome, sorted: 2 4 6 8 10 20 (n=6; i8's 1 day is withdrawn and left out)
    #   median: h = 5 * 0.5 = 2.5 -> x3 + 0.5 * (x4 - x3) = 6 + 0.5 * 2 = 7
    #   p90:    h = 5 * 0.9 = 4.5 -> x5 + 0.5 * (x6 - x5) = 10 + 0.5 * 10 = 15
    assert report["days_to_outcome"] == {"median": 7.0, "p90": 15.0}
    # days to closed loop, sorted: 3 9 10 12 (n=4: i1, i3 relayed, i9, i4)
    #   median: h = 1.5 -> 9 + 0.5 * 1 = 9.5;  p90: h = 2.7 -> x3 + 0.7 * (x4 - x3) = 10 + 1.4 = 11.4
    assert report["days_to_closed_loop"] == {"median": 9.5, "p90": 11.4}


def test_influence_mix_counts_current_claims_on_received_input(engine):
    report = accountability_report(engine, ReportFilter(), today=TODAY)
    # adopted: i1 (D1), i4 (D4), i9 (D6); adapted: i2 (D2 as revised), i5 (D5); not adopted: i3
    # (D3); noted: i3 (D4). Not counted: D2's first "noted" on i2 (revised), D2's "noted" on i1
    # (dropped by the revision), D1's "adopted" on i8 (withdrawn).
    assert report["influence_mix"] == {"adopted": 3, "adapted": 2, "not_adopted": 1, "noted": 1}


def test_participation_mixes_of_input_received_and_input_that_shaped_decisions(engine):
    report = accountability_report(engine, ReportFilter(), today=TODAY)
    assert report["participation_received"] == {
        "informing": 2, "consultation": 4, "engagement": 2, "co-design": 2, "co-production": 1}
    # adopted or adapted now: i1, i5 (consultation), i4 (engagement), i9 (co-design), i2
    # (co-production); withdrawn i8 (co-production, adopted) is not counted
    assert report["participation_shaping"] == {
        "informing": 0, "consultation": 2, "engagement": 1, "co-design": 1, "co-production": 1}


def test_notifications_are_counted_once_by_their_latest_status(engine):
    report = accountability_report(engine, ReportFilter(), today=TODAY)
    # N1 failed, then sent: sent. N6 is about withdrawn input only: not counted.
    assert report["notifications"] == {"sent": 3, "failed": 1, "suppressed": 1}


def test_one_row_per_board_with_its_own_programmes_and_time_to_answer(engine):
    rows = {b["board_id"]: b for b in accountability_report(engine, ReportFilter(), today=TODAY)["boards"]}
    assert [b["name"] for b in rows.values()] == ["Board B1", "Board B2", "Board B3"]
    b1, b2, b3 = rows[BOARD["B1"]], rows[BOARD["B2"]], rows[BOARD["B3"]]
    # B1, Crisis care, 30 days: i1-i7; overdue i6 (71 days)
    assert b1["slug"] == "board-b1"
    assert b1["inputs"] == inputs_figures(7, 1, 5, 3, 1, 1, 0.6, 1, 71)
    # outcome 2 4 6 10 20: median x3 = 6; p90 h = 3.6 -> 10 + 0.6 * 10 = 16
    # closed 3 9 12: median 9; p90 h = 1.8 -> 9 + 0.8 * 3 = 11.4
    assert b1["days_to_outcome"] == {"median": 6.0, "p90": 16.0}
    assert b1["days_to_closed_loop"] == {"median": 9.0, "p90": 11.4}
    # B2, Crisis care and Carers, 60 days: adds i9 and i10; overdue i6 (71) and i10 (161)
    assert b2["inputs"] == inputs_figures(9, 1, 6, 4, 1, 1, 0.571, 2, 161)
    assert b2["days_to_outcome"] == {"median": 7.0, "p90": 15.0}
    # B3, every programme, 90 days: overdue i10 (161) and i11 (122); i6 (71) is not, for B3
    assert b3["inputs"] == inputs_figures(11, 1, 6, 4, 1, 1, 0.444, 2, 161)
    assert b3["days_to_closed_loop"] == {"median": 9.5, "p90": 11.4}


def test_one_row_per_partner(engine):
    rows = accountability_report(engine, ReportFilter(), today=TODAY)["partners"]
    assert [(p["partner_id"], p["name"]) for p in rows] == [
        (PARTNER_A, "Northtown Peer Support"), (PARTNER_B, "Southvale Healthwatch")]
    a, b = rows
    # A: i1 i2 i5 i7 i10 i11 (i8 withdrawn); overdue i10 (161) and i11 (122)
    # closed only i1: i2 is anonymous and i5's contributor did not want to hear: 1 of 4
    assert a["inputs"] == inputs_figures(6, 1, 3, 1, 1, 1, 0.25, 2, 161)
    # outcome 2 4 20: median 4; p90 h = 1.8 -> 4 + 0.8 * 16 = 16.8; closed 3 -> 3, 3
    assert a["days_to_outcome"] == {"median": 4.0, "p90": 16.8}
    assert a["days_to_closed_loop"] == {"median": 3.0, "p90": 3.0}
    # B: i3 i4 i6 i9 i12; overdue i6 (71)
    assert b["inputs"] == inputs_figures(5, 0, 3, 3, 0, 0, 0.6, 1, 71)
    # outcome 6 8 10: median 8; p90 8 + 0.8 * 2 = 9.6; closed 9 10 12: median 10; p90 10 + 0.8 * 2
    assert b["days_to_outcome"] == {"median": 8.0, "p90": 9.6}
    assert b["days_to_closed_loop"] == {"median": 10.0, "p90": 11.6}


def test_figures_by_programme_match_each_programme_s_report(engine):
    listed = figures_by_programme(engine, today=TODAY)
    assert [(p["programme"], p["slug"]) for p in listed] == [
        ("Carers", "carers"), ("Crisis care", "crisis-care"), ("Dementia", "dementia")]
    # overdue with each programme's shortest time to answer: Carers 60 (i10), Crisis care 30 (i6),
    # Dementia 90 (i11)
    assert [(p["inputs"]["received"], p["inputs"]["overdue"], p["inputs"]["oldest_overdue_days"])
            for p in listed] == [(2, 1, 161), (7, 1, 71), (2, 1, 122)]
    for programme in listed:
        single = accountability_report(engine, ReportFilter(programme=programme["programme"]), today=TODAY)
        assert {k: single[k] for k in ("inputs", "days_to_outcome", "days_to_closed_loop")} == {
            k: programme[k] for k in ("inputs", "days_to_outcome", "days_to_closed_loop")}
