"""The domain's rules, without any framework."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.decisions.domain.errors import Invalid
from services.decisions.domain.model import Link, ProgressEntry
from services.decisions.domain.progress import next_entry
from services.decisions.domain.revisions import plan_revision
from services.decisions.domain.rules import (
    date_problems, explanation_problems, slug_candidates, slugify,
)

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)


@pytest.mark.parametrize("influence,text,ok", [
    ("adopted", "Yes.", False),  # "noted" and "adopted" need a full sentence too
    ("noted", "Noted, thank you.", False),
    ("noted", "It shaped how we talked about the waiting room.", True),
    ("adopted", "We are opening the night cafe you asked for.", True),
    ("noted", "   ", False),
    ("adapted", "Partly done.", False),
    ("not_adopted", "We could not, because the budget went to night buses.", True),
    ("adopted", "We did <script>alert(1)</script> it", False),
    ("adopted", "x" * 5001, False),
    ("adopted", "Costs fell < 5% and > 2%, so we did it.", True),
])
def test_explanations_are_plain_text_and_long_enough_where_it_matters(influence, text, ok):
    assert (explanation_problems(influence, text) == []) is ok


def test_dates_decided_not_in_the_future_and_review_after_decision():
    assert date_problems(date(2027, 3, 14), None, NOW) == {}
    assert "decided_on" in date_problems(date(2027, 3, 16), None, NOW)
    assert "review_on" in date_problems(date(2027, 3, 1), date(2027, 3, 1), NOW)
    assert date_problems(date(2027, 3, 1), date(2027, 3, 2), NOW) == {}


def test_slugs_are_plain_and_numbered_when_shared():
    assert slugify("Mental Health — Board (North)") == "mental-health-board-north"
    assert slugify("日本") == "board"
    candidates = slug_candidates("Crisis Board")
    assert [next(candidates) for _ in range(3)] == ["crisis-board", "crisis-board-2", "crisis-board-3"]


def links(**influences) -> dict[str, Link]:
    return {k: Link(k, v, f"Because of {k}.") for k, v in influences.items()}


def test_a_revision_yields_the_complete_new_set_and_what_changed():
    plan = plan_revision(links(a="adopted", b="noted", c="noted"),
                         [Link("a", "adopted", "Because of a."), Link("b", "adapted", "Changed.")],
                         ["c"], False)
    assert {k: v.influence for k, v in plan.links.items()} == {"a": "adopted", "b": "adapted"}
    assert plan.changed_input_ids == ("b", "c")


@pytest.mark.parametrize("changes,removals,field", [
    ([Link("a", "adopted", "Because of a.")], [], "links"),  # no change at all
    ([], ["zz"], "remove_input_ids"),                          # not linked
    ([Link("a", "noted", "N.")], ["a"], "remove_input_ids"),   # both
    ([], ["a"], "no_input_considered"),                         # leaves nothing
])
def test_revisions_that_make_no_sense_are_refused(changes, removals, field):
    with pytest.raises(Invalid) as refused:
        plan_revision(links(a="adopted"), changes, removals, False)
    assert field in refused.value.errors


def test_progress_entries_chain_and_an_empty_repeat_is_refused():
    first = next_entry(None, "planned", 0, "", NOW)
    assert (first.sequence, first.previous_status) == (1, None)
    second = next_entry(first, "in_progress", 0, "", NOW)
    assert (second.sequence, second.previous_status) == (2, "planned")
    with pytest.raises(Invalid):
        next_entry(second, "in_progress", 0, "  ", NOW)
    assert isinstance(next_entry(second, "in_progress", 0, "Builders started.", NOW), ProgressEntry)


def test_one_explanation_for_more_than_fifty_inputs_is_shown_as_one():
    from services.decisions.service_layer.public_pages import with_bulk_counts

    bulk = [{"influence": "noted", "explanation": "We read every answer to the survey."}] * 51
    own = [{"influence": "noted", "explanation": "It changed how we run the night service."}] * 50
    shown = with_bulk_counts(bulk + own)
    assert {link["shared_by"] for link in shown[:51]} == {51}
    assert {link["shared_by"] for link in shown[51:]} == {None}, "50 is not more than 50"


def test_a_decision_called_co_produced_needs_co_produced_input():
    from services.decisions.domain.rules import unbacked_co_production

    words = ["Night cafe", "We co-produced this plan with people who use crisis services.", "Cheaper."]
    assert unbacked_co_production(words, {"consultation", "co-design"}) is True
    assert unbacked_co_production(words, {"consultation", "co-production"}) is False
    assert unbacked_co_production(words, set()) is True, "no input at all backs the claim"
    assert unbacked_co_production(["Night cafe", "A cafe open at night.", "Coproduction matters."],
                                  {"survey"}) is True
    assert unbacked_co_production(["Night cafe", "A cafe, run with peers.", "Cheaper."], set()) is False


def test_answer_counts_are_shown_only_from_five_answers():
    from services.decisions.domain.answers import MIN_GROUP, shown_counts

    assert MIN_GROUP == 5
    assert shown_counts({"yes": 2, "partly": 1, "no": 1}) is None, "four people could be recognised"
    assert shown_counts({}) is None
    assert shown_counts({"yes": 3, "no": 2}) == {"answered": 5, "yes": 3, "partly": 0, "no": 2}
    assert shown_counts({"yes": 8, "partly": 3, "no": 1})["answered"] == 12
