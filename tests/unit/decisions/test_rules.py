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
    ("adopted", "Yes.", True),
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
