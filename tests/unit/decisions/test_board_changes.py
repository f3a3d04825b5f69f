"""Changing a board and retiring it, against fakes: the rules of registration, the whole state
announced again, and a retired board's keys refused on every change."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.decisions.domain.errors import Conflict, Invalid
from services.decisions.service_layer.boards import edit_board, register_board, retire_board
from services.decisions.service_layer.decisions import (
    delete_draft, link_inputs, record_decision, unlink_input, update_draft,
)
from services.decisions.service_layer.programmes import edit_programme, register_programme
from services.decisions.service_layer.progress import record_progress
from services.decisions.service_layer.publishing import publish_decision, revise_outcome
from tests.unit.decisions.fakes import FakeUnitOfWork, input_ref

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)
LATER = NOW + timedelta(days=1)
BASE = "https://heard.example"
A = str(uuid.uuid4())


@pytest.fixture
def uow():
    return FakeUnitOfWork(refs=[input_ref(A, programme="Crisis care")])


def programme(uow, name, status="open"):
    made = register_programme(uow, name=name, now=NOW)["programme_id"]
    if status != "open":
        edit_programme(uow, made, status=status, now=NOW)
    return made


def test_a_change_follows_the_rules_of_registration_and_keeps_the_slug(uow):
    crisis, nights, closed = programme(uow, "Crisis care"), programme(uow, "Nights"), programme(uow, "Old", "closed")
    board = register_board(uow, name="Crisis Board", organisation="ICB", outcome_due_days=30,
                           programmes=[crisis], now=NOW)
    for refused_ids, index in (([crisis, closed], 1), ([str(uuid.uuid4())], 0)):
        with pytest.raises(Invalid) as refused:
            edit_board(uow, board.board_id, programme_ids=refused_ids, now=LATER)
        assert list(refused.value.errors["programme_ids"]) == [index]
    published = len(uow.published)

    changed = edit_board(uow, board.board_id, name="Crisis and Nights Board", outcome_due_days=45,
                         programme_ids=[nights], now=LATER)

    assert (changed.name, changed.slug, changed.outcome_due_days, changed.programmes) == (
        "Crisis and Nights Board", "crisis-board", 45, ("Nights",))
    assert uow.boards.get(board.board_id) == changed
    new = uow.published[published:]
    assert [e.topic for e in new] == ["decisions.board-registered.v1", "decisions.programmes.v1",
                                      "decisions.programmes.v1"]
    assert new[0].key == board.board_id
    assert new[0].payload | {"registered_at": None} == {
        "board_id": board.board_id, "name": "Crisis and Nights Board", "slug": "crisis-board",
        "organisation": "ICB", "outcome_due_days": 45, "registered_at": None,
        "programmes": ["Nights"], "status": "active", "retired_at": None,
        "updated_at": LATER.isoformat()}
    # the programme it left no longer lists it, the one it took does
    covering = {e.payload["name"]: e.payload["board_ids"] for e in new[1:]}
    assert covering == {"Crisis care": [], "Nights": [board.board_id]}
    # the same values again change and announce nothing
    assert edit_board(uow, board.board_id, name="Crisis and Nights Board", now=LATER) == changed
    assert len(uow.published) == published + 3


def test_a_programme_the_board_covers_may_stay_after_it_closed(uow):
    crisis, nights = programme(uow, "Crisis care"), programme(uow, "Nights")
    board = register_board(uow, name="Crisis Board", organisation="ICB", outcome_due_days=30,
                           programmes=[crisis], now=NOW)
    edit_programme(uow, crisis, status="closed", now=NOW)
    changed = edit_board(uow, board.board_id, programme_ids=[crisis, nights], now=LATER)
    assert changed.programmes == ("Crisis care", "Nights")


def test_a_retired_board_records_nothing_more_and_cannot_be_changed(uow):
    crisis = programme(uow, "Crisis care")
    board = register_board(uow, name="Crisis Board", organisation="ICB", outcome_due_days=30,
                           programmes=[crisis], now=NOW)
    bid = board.board_id
    draft = record_decision(uow, bid, programme="Crisis care", title="Night café", summary="S",
                            rationale="R", decided_on=date(2027, 3, 10), now=NOW).decision_id
    link_inputs(uow, bid, draft, input_ids=[A], influence="adopted",
                explanation="Your evenings showed us the café must open late.", now=NOW)
    published = record_decision(uow, bid, programme="Crisis care", title="Buses", summary="S",
                                rationale="R", decided_on=date(2027, 3, 10), now=NOW).decision_id
    publish_decision(uow, bid, published, no_input_considered=True, public_base_url=BASE, now=NOW)
    events = len(uow.published)

    retired = retire_board(uow, bid, now=LATER)

    assert (retired.status, retired.retired_at) == ("retired", LATER)
    assert uow.published[-1].topic == "decisions.board-registered.v1"
    assert uow.published[-1].payload["status"] == "retired"
    assert retire_board(uow, bid, now=LATER + timedelta(days=1)) == retired  # final, and once
    assert len(uow.published) == events + 1
    changes = [
        lambda: record_decision(uow, bid, programme="Crisis care", title="New", summary="S",
                                rationale="R", decided_on=date(2027, 3, 10), now=LATER),
        lambda: update_draft(uow, bid, draft, {"title": "Changed"}, now=LATER),
        lambda: delete_draft(uow, bid, draft),
        lambda: link_inputs(uow, bid, draft, input_ids=[A], influence="noted",
                            explanation="It informed how the board discussed this.", now=LATER),
        lambda: unlink_input(uow, bid, draft, A),
        lambda: publish_decision(uow, bid, draft, no_input_considered=False, public_base_url=BASE),
        lambda: revise_outcome(uow, bid, published, reason="New facts.", links=[], remove_input_ids=[],
                               no_input_considered=True, public_base_url=BASE, wording={"title": "Trams"}),
        lambda: record_progress(uow, bid, published, status="in_progress", percent=10, note="Started.",
                                public_base_url=BASE),
        lambda: edit_board(uow, bid, name="Another name", now=LATER),
    ]
    for change in changes:
        with pytest.raises(Conflict) as refused:
            change()
        assert refused.value.field == "board_id"
    assert len(uow.published) == events + 1
    assert uow.decisions.decisions[draft].title == "Night café" and uow.decisions.decisions[draft].links


def test_a_draft_in_a_programme_the_board_has_since_dropped_is_not_published(uow):
    crisis, nights = programme(uow, "Crisis care"), programme(uow, "Nights")
    board = register_board(uow, name="Crisis Board", organisation="ICB", outcome_due_days=30,
                           programmes=[crisis, nights], now=NOW)
    draft = record_decision(uow, board.board_id, programme="Crisis care", title="Night café", summary="S",
                            rationale="R", decided_on=date(2027, 3, 10), now=NOW).decision_id
    edit_board(uow, board.board_id, programme_ids=[nights], now=LATER)
    events = len(uow.published)

    with pytest.raises(Invalid) as refused:
        publish_decision(uow, board.board_id, draft, no_input_considered=True, public_base_url=BASE, now=LATER)

    assert list(refused.value.errors) == ["programme"]
    assert "Nights" in refused.value.errors["programme"][0]
    assert len(uow.published) == events and uow.decisions.get(board.board_id, draft).is_draft
    # moved to a programme the board covers, it publishes
    update_draft(uow, board.board_id, draft, {"programme": "Nights"}, now=LATER)
    assert publish_decision(uow, board.board_id, draft, no_input_considered=True, public_base_url=BASE,
                            now=LATER).status == "published"
