"""Programmes as decisions registers them, and what boards and decisions may name."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.decisions.domain.errors import Conflict, Invalid
from services.decisions.service_layer.boards import register_board
from services.decisions.service_layer.decisions import record_decision, update_draft
from services.decisions.service_layer.programmes import edit_programme, register_programme
from tests.unit.decisions.fakes import FakeUnitOfWork

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)


@pytest.fixture
def uow():
    return FakeUnitOfWork()


def board(uow, *programme_ids):
    return register_board(uow, name="Crisis Board", organisation="ICB", outcome_due_days=30,
                          programmes=list(programme_ids), now=NOW)


def test_registering_announces_the_programme_with_its_slug(uow):
    made = register_programme(uow, name="  Crisis   care 2027 ", description="Nights.", now=NOW)
    assert (made["name"], made["slug"], made["status"]) == ("Crisis care 2027", "crisis-care-2027", "open")
    [event] = uow.events("programmes")
    assert event["programme_id"] == made["programme_id"] and event["board_ids"] == []
    assert uow.published[0].key == made["programme_id"]


def test_a_name_taken_or_differing_only_in_case_and_punctuation_is_refused(uow):
    register_programme(uow, name="Crisis care 2027", now=NOW)
    for twin in ("Crisis care 2027", "crisis care, 2027"):
        with pytest.raises(Conflict) as refused:
            register_programme(uow, name=twin, now=NOW)
        assert refused.value.field == "name"
    assert len(uow.events("programmes")) == 1


def test_a_board_names_registered_open_programmes_and_each_is_announced_with_it(uow):
    crisis = register_programme(uow, name="Crisis care", now=NOW)["programme_id"]
    closed = register_programme(uow, name="Old", now=NOW)["programme_id"]
    edit_programme(uow, closed, status="closed", now=NOW)
    with pytest.raises(Invalid) as refused:
        board(uow, crisis, str(uuid.uuid4()), closed)
    assert sorted(refused.value.errors["programme_ids"]) == [1, 2]
    made = board(uow, crisis)
    assert made.programmes == ("Crisis care",)
    assert uow.events("programmes")[-1]["board_ids"] == [made.board_id]


def test_a_decision_belongs_to_one_of_its_boards_programmes(uow):
    crisis = register_programme(uow, name="Crisis care 2027", now=NOW)["programme_id"]
    register_programme(uow, name="Maternity 2027", now=NOW)
    made = board(uow, crisis)
    fields = dict(title="Night café", summary="S", rationale="R", decided_on=date(2027, 3, 10), now=NOW)
    for name in ("Crisis care 2026", "Maternity 2027"):
        with pytest.raises(Invalid) as refused:
            record_decision(uow, made.board_id, programme=name, **fields)
        assert "programme" in refused.value.errors
    assert "'Crisis care 2027'" in refused_message(uow, made.board_id, "Crisis care 2026", fields)
    draft = record_decision(uow, made.board_id, programme="Crisis care 2027", **fields)
    with pytest.raises(Invalid):
        update_draft(uow, made.board_id, draft.decision_id, {"programme": "Maternity 2027"}, now=NOW)


def refused_message(uow, board_id, name, fields) -> str:
    with pytest.raises(Invalid) as refused:
        record_decision(uow, board_id, programme=name, **fields)
    return refused.value.message


def test_closing_announces_it_and_an_edit_that_changes_nothing_announces_nothing(uow):
    made = register_programme(uow, name="Crisis care", now=NOW)
    later = NOW + timedelta(days=1)
    closed = edit_programme(uow, made["programme_id"], status="closed", now=later)
    assert closed["status"] == "closed" and closed["updated_at"] == later
    assert uow.events("programmes")[-1]["status"] == "closed"
    edit_programme(uow, made["programme_id"], status="closed", now=later + timedelta(days=1))
    assert len(uow.events("programmes")) == 2


def test_a_programme_names_its_stage_of_shared_decisions_and_each_change_is_announced(uow):
    made = register_programme(uow, name="Crisis care 2027", shared_decision_stage="designing_services", now=NOW)
    edit_programme(uow, made["programme_id"], description="Nights.", now=NOW + timedelta(minutes=1))
    edit_programme(uow, made["programme_id"], shared_decision_stage="choosing_providers",
                   now=NOW + timedelta(minutes=2))
    same = edit_programme(uow, made["programme_id"], shared_decision_stage="choosing_providers",
                          now=NOW + timedelta(minutes=3))
    assert same["updated_at"] == NOW + timedelta(minutes=2), "no change, no new clock"
    cleared = edit_programme(uow, made["programme_id"], shared_decision_stage=None, now=NOW + timedelta(minutes=4))
    assert cleared["shared_decision_stage"] is None
    assert [e["shared_decision_stage"] for e in uow.events("programmes")] == [
        "designing_services", "designing_services", "choosing_providers", None]
