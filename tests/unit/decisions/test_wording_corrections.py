"""Correcting a published decision's wording as a revision with a reason, against fakes."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.decisions.domain.errors import Conflict, Invalid
from services.decisions.domain.model import Board, Correction
from services.decisions.service_layer.decisions import link_inputs, record_decision
from services.decisions.service_layer.publishing import publish_decision, revise_outcome
from tests.unit.decisions.fakes import FakeUnitOfWork, input_ref

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)
LATER = NOW + timedelta(days=2)
BASE = "https://heard.example"
BOARD = Board(str(uuid.uuid4()), "Crisis Board", "crisis-board", "Northtown ICB", 90, NOW, ("Crisis care",))
A, B = str(uuid.uuid4()), str(uuid.uuid4())
WHY = "Your evenings showed us the café must open late."


@pytest.fixture
def uow():
    return FakeUnitOfWork([BOARD], [input_ref(A), input_ref(B)])


def decision(uow, *, cited=True, publish=True) -> str:
    made = record_decision(uow, BOARD.board_id, programme="Crisis care", title="Night cafe",
                           summary="A café open until 2am.", rationale="Nights were worst.",
                           decided_on=date(2027, 3, 10), now=NOW).decision_id
    if cited:
        link_inputs(uow, BOARD.board_id, made, input_ids=[A], influence="adopted", explanation=WHY, now=NOW)
    if publish:
        publish_decision(uow, BOARD.board_id, made, no_input_considered=not cited, public_base_url=BASE, now=NOW)
    return made


def correct(uow, decision_id, wording, **links):
    return revise_outcome(uow, BOARD.board_id, decision_id, reason="The title was misspelt.",
                          links=links.get("links", []), remove_input_ids=[], no_input_considered=False,
                          public_base_url=BASE, wording=wording, now=LATER)


def test_a_correction_of_wording_alone_is_a_revision_that_changes_no_input(uow):
    decision_id = decision(uow)

    revised = correct(uow, decision_id, {"title": "Night café", "summary": "A café open until 2am."})

    assert (revised.revision, revised.title, revised.summary) == (2, "Night café", "A café open until 2am.")
    latest = revised.revisions[-1]
    assert latest.reason == "The title was misspelt."
    assert latest.corrections == (Correction("title", "Night cafe", "Night café"),)  # the summary was the same
    assert [link.input_id for link in latest.links] == [A] and latest.changed_input_ids == ()
    event = uow.published[-1]
    assert event.topic == "decisions.outcome-revised.v1"
    assert (event.payload["title"], event.payload["corrected"], event.payload["changed_input_ids"]) == (
        "Night café", ["title"], [])
    assert [link["input_id"] for link in event.payload["links"]] == [A]


def test_wording_and_links_in_one_revision_name_both(uow):
    decision_id = decision(uow)
    revised = correct(uow, decision_id, {"rationale": "Nights were the worst time."},
                      links=[{"input_id": B, "influence": "noted", "explanation": WHY}])
    assert revised.rationale == "Nights were the worst time." and sorted(revised.links) == sorted([A, B])
    payload = uow.published[-1].payload
    assert payload["corrected"] == ["rationale"] and payload["changed_input_ids"] == [B]


def test_a_decision_that_cites_nothing_can_be_corrected_without_saying_so_again(uow):
    decision_id = decision(uow, cited=False)
    revised = correct(uow, decision_id, {"summary": "A café open until 3am."})
    assert revised.summary == "A café open until 3am." and revised.revisions[-1].no_input_considered


def test_the_same_wording_again_or_a_draft_is_refused(uow):
    decision_id = decision(uow)
    before = len(uow.published)
    with pytest.raises(Invalid) as refused:
        correct(uow, decision_id, {"title": "Night cafe"})
    assert "links" in refused.value.errors
    with pytest.raises(Invalid) as unknown:
        correct(uow, decision_id, {"programme": "Maternity"})
    assert set(unknown.value.errors) == {"programme"}
    with pytest.raises(Conflict):
        correct(uow, decision(uow, publish=False), {"title": "Night café"})
    assert len(uow.published) == before
    assert uow.decisions.decisions[decision_id].title == "Night cafe"
