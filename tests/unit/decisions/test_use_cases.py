"""Use cases against fakes: what they store, what they publish, what they refuse."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from services.decisions.domain.errors import Conflict, Invalid, NotFound
from services.decisions.domain.model import Board
from services.decisions.service_layer.boards import register_board
from services.decisions.service_layer.programmes import register_programme
from services.decisions.service_layer.decisions import link_inputs, record_decision, unlink_input
from services.decisions.service_layer.progress import record_progress
from services.decisions.service_layer.publishing import publish_decision, revise_outcome
from tests.unit.decisions.fakes import FakeUnitOfWork, input_ref

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)
BASE = "https://heard.example"
BOARD = Board(str(uuid.uuid4()), "Crisis Board", "crisis-board", "Northtown ICB", 90, NOW,
              ("Crisis care",))
A, B, GONE, ELSEWHERE = (str(uuid.uuid4()) for _ in range(4))
WHY = "We could not, because the money went to the night café."


@pytest.fixture
def uow():
    return FakeUnitOfWork([BOARD], [input_ref(A), input_ref(B), input_ref(GONE, withdrawn=True),
                                    input_ref(ELSEWHERE, programme="Maternity")])


def draft(uow) -> str:
    return record_decision(uow, BOARD.board_id, programme="Crisis care", title="Night café",
                           summary="S", rationale="R", decided_on=date(2027, 3, 10), now=NOW).decision_id


def test_publishing_twice_publishes_one_event(uow):
    decision_id = draft(uow)
    link_inputs(uow, BOARD.board_id, decision_id, input_ids=[A, B], influence="not_adopted",
                explanation=WHY, now=NOW)
    first = publish_decision(uow, BOARD.board_id, decision_id, no_input_considered=False,
                             public_base_url=BASE, now=NOW)
    again = publish_decision(uow, BOARD.board_id, decision_id, no_input_considered=True,
                             public_base_url=BASE)
    assert again == first and first.revision == 1
    assert uow.topics() == ["decisions.outcome-published.v1"]
    payload = uow.published[0].payload
    assert payload["public_url"] == f"{BASE}/decisions/{decision_id}"
    assert {link["input_id"] for link in payload["links"]} == {A, B}
    assert uow.inputs.outcomes[0].influences == {A: "not_adopted", B: "not_adopted"}


def test_citing_withdrawn_unknown_or_invisible_input_names_each(uow):
    decision_id = draft(uow)
    unknown = str(uuid.uuid4())
    with pytest.raises(Invalid) as refused:
        link_inputs(uow, BOARD.board_id, decision_id, input_ids=[A, GONE, unknown, ELSEWHERE],
                    influence="noted", explanation="It informed how the board discussed this.")
    assert set(refused.value.errors["input_ids"]) == {GONE, unknown, ELSEWHERE}
    assert uow.decisions.decisions[decision_id].links == {}


def test_another_board_gets_not_found(uow):
    decision_id = draft(uow)
    other = str(uuid.uuid4())
    with pytest.raises(NotFound):
        link_inputs(uow, other, decision_id, input_ids=[A], influence="noted",
                    explanation="It informed how the board discussed this.")
    with pytest.raises(NotFound):
        publish_decision(uow, other, decision_id, no_input_considered=True, public_base_url=BASE)


def test_published_record_changes_only_by_revision(uow):
    decision_id = draft(uow)
    with pytest.raises(Conflict):
        revise_outcome(uow, BOARD.board_id, decision_id, reason="r", links=[], remove_input_ids=[],
                       no_input_considered=False, public_base_url=BASE)
    with pytest.raises(Invalid):
        publish_decision(uow, BOARD.board_id, decision_id, no_input_considered=False, public_base_url=BASE)
    link_inputs(uow, BOARD.board_id, decision_id, input_ids=[A], influence="adopted",
                explanation="We did what you asked for here.")
    publish_decision(uow, BOARD.board_id, decision_id, no_input_considered=False, public_base_url=BASE)
    with pytest.raises(Conflict):
        unlink_input(uow, BOARD.board_id, decision_id, A)
    with pytest.raises(Conflict):
        link_inputs(uow, BOARD.board_id, decision_id, input_ids=[B], influence="noted", explanation="N.")

    revised = revise_outcome(uow, BOARD.board_id, decision_id, reason="Budget changed.",
                             links=[{"input_id": B, "influence": "adapted", "explanation": WHY}],
                             remove_input_ids=[A], no_input_considered=False, public_base_url=BASE)
    assert revised.revision == 2 and list(revised.links) == [B]
    assert [len(r.links) for r in revised.revisions] == [1, 1]
    topic, payload = uow.published[-1].topic, uow.published[-1].payload
    assert topic == "decisions.outcome-revised.v1"
    assert payload["changed_input_ids"] == sorted([A, B]) and payload["reason"] == "Budget changed."


def test_progress_needs_publication_and_carries_the_previous_status(uow):
    decision_id = draft(uow)
    with pytest.raises(Conflict):
        record_progress(uow, BOARD.board_id, decision_id, status="planned", percent=0, note="",
                        public_base_url=BASE)
    publish_decision(uow, BOARD.board_id, decision_id, no_input_considered=True, public_base_url=BASE)
    record_progress(uow, BOARD.board_id, decision_id, status="planned", percent=0, note="",
                    public_base_url=BASE)
    record_progress(uow, BOARD.board_id, decision_id, status="stopped", percent=10, note="",
                    public_base_url=BASE)
    updates = uow.events("progress-updated")
    assert [(u["previous_status"], u["status"]) for u in updates] == [(None, "planned"), ("planned", "stopped")]


def test_boards_sharing_a_name_get_numbered_slugs(uow):
    a, b = (register_programme(uow, name=name)["programme_id"] for name in ("A", "B"))
    second = register_board(uow, name="Crisis Board", organisation="O", outcome_due_days=30,
                            programmes=[b, a, a])
    assert second.slug == "crisis-board-2" and second.programmes == ("A", "B")
    assert uow.events("board-registered")[-1]["programmes"] == ["A", "B"]
