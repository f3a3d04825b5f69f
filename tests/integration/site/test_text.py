"""The site's plain functions, without a database: quotes, words, charts and revision changes."""
from __future__ import annotations

from datetime import UTC, date, datetime

from services.decisions.entrypoints.site import charts
from services.decisions.service_layer.open_data import csv_cell
from services.decisions.entrypoints.site.words import days, long_date, month_label, percent
from services.decisions.service_layer.public_pages import public_quote, revision_changes


def test_a_quote_needs_consent_is_cut_at_a_word_and_loses_contact_details():
    words = "word " * 60
    assert public_quote("Anything at all.", consented=False) is None
    assert public_quote("  Short   and\nplain. ", consented=True) == "Short and plain."
    cut = public_quote(words, consented=True)
    assert cut.endswith("word…") and len(cut) <= 201 and "wor…" not in cut
    assert public_quote("x" * 250, consented=True) == "x" * 200 + "…"
    assert public_quote("Mail a.b@mail.example.com or call +44 (0)20 7946 0958 now.",
                        consented=True) == "Mail [removed] or call [removed] now."


def test_dates_numbers_and_waits_in_words():
    assert long_date(date(2027, 3, 14)) == "14 March 2027"
    assert long_date(datetime(2027, 1, 2, 23, 59, tzinfo=UTC)) == "2 January 2027"
    assert month_label("2027-12") == "December 2027"
    assert (percent(0.625), percent(0.2), percent(1), percent(None)) == (
        "62.5%", "20%", "100%", "no input yet")
    assert (days(1.0), days(10.06), days(None)) == ("1 day", "10.1 days", "none yet")


def test_a_chart_says_its_numbers_in_its_description_and_scales_rates_to_the_whole():
    chart = charts.closed_loop_chart("c", [{"month": "2027-01", "received": 4, "closed": 1,
                                            "rate": 0.25}])
    assert chart.description == ("Closed-loop rate by month the input was given. "
                                 "January 2027: 25%.")
    bar = chart.geometry()["rows"][0]["bars"][0]
    assert bar["width"] == charts.BAR_SPACE * 0.25, "a rate is drawn against 100%, not the maximum"

    mix = charts.participation_chart("p", {"consultation": 4}, {"consultation": 1})
    assert "Consultation: All input received 4, Input that shaped decisions 1" in mix.description
    consultation = mix.geometry()["rows"][1]["bars"]
    assert [b["width"] for b in consultation] == [charts.BAR_SPACE, charts.BAR_SPACE / 4]
    assert mix.rows[1]["cells"] == ["4", "100%", "1", "100%"]


def _link(influence: str, explanation: str) -> dict:
    return {"influence": influence, "explanation": explanation, "summary": "S.",
            "quote_anonymously": False, "participation_level": "consultation",
            "engagement_method": "survey"}


def test_each_revision_lists_what_it_added_removed_and_changed():
    at = datetime(2027, 1, 1, tzinfo=UTC)
    revisions = [
        {"revision": 1, "reason": None, "created_at": at,
         "links": {"a": _link("adopted", "Yes."), "b": _link("noted", "Heard.")}},
        {"revision": 2, "reason": "Money.", "created_at": at,
         "links": {"a": _link("adapted", "Partly."), "c": _link("adopted", "Yes.")}},
        {"revision": 3, "reason": "Wording.", "created_at": at,
         "links": {"a": _link("adapted", "Partly, from May."), "c": _link("adopted", "Yes.")}},
    ]
    first, second, third = revision_changes(revisions, {"a": 1, "b": 2, "c": 3})

    assert [line["number"] for line in first["added"]] == [1, 2] and not first["removed"]
    assert [line["number"] for line in second["added"]] == [3]
    assert [line["number"] for line in second["removed"]] == [2]
    assert [(c["number"], c["old"]["influence"], c["new"]["influence"])
            for c in second["changed"]] == [(1, "adopted", "adapted")]
    assert [(c["old"]["explanation"], c["new"]["explanation"]) for c in third["changed"]] == [
        ("Partly.", "Partly, from May.")]
    assert not third["added"] and not third["removed"]


def test_csv_cells_never_start_like_a_formula():
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@x", "plain", None, True, 3)] == [
        "'=1+1", "'+1", "'-1", "'@x", "plain", "", "true", "3"]
