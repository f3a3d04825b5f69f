"""Intake takes input only for an open programme it has heard of from decisions."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from services.intake.service_layer import inputs
from services.intake.service_layer.errors import Invalid
from services.intake.service_layer.programmes import record_programme
from tests.unit.intake.fakes import FakeUnitOfWork

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)
P1 = "6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10"
CRISIS_ID = "3f1e2d4c-5b6a-4978-8a9b-1c2d3e4f5a6b"
ITEM = {"programme": "Crisis care 2026", "topics": ["nights"], "summary": "A&E at night.",
        "body": None, "engagement_method": "story", "participation_level": "consultation",
        "gathered_on": date(2027, 3, 1)}


@pytest.fixture
def uow():
    uow = FakeUnitOfWork(programmes=())
    record_programme(uow, CRISIS_ID, "Crisis care 2026", "open", NOW)
    record_programme(uow, "0b9e6c1a-2d3f-4a5b-8c7d-9e0f1a2b3c4d", "Maternity 2027", "open", NOW)
    return uow


def test_a_typo_is_refused_naming_the_field_and_the_near_match(uow):
    with pytest.raises(Invalid) as refused:
        inputs.submit_input(uow, P1, {**ITEM, "programme": "Crisis  care 2026"}, now=NOW)
    [message] = refused.value.errors["programme"]
    assert "'Crisis care 2026'" in message and "Maternity" not in message
    assert "try again in a few seconds" in message  # it may be new and still arriving
    assert uow.published == [] and uow.commits == 0


def test_a_name_like_nothing_registered_says_so(uow):
    with pytest.raises(Invalid) as refused:
        inputs.submit_input(uow, P1, {**ITEM, "programme": "Dentistry"}, now=NOW)
    assert "No registered programme has a similar name" in refused.value.errors["programme"][0]


def test_an_open_programme_takes_input_and_a_closed_one_does_not(uow):
    assert inputs.submit_input(uow, P1, ITEM, now=NOW).programme == "Crisis care 2026"
    record_programme(uow, CRISIS_ID, "Crisis care 2026", "closed", NOW + timedelta(minutes=1))
    with pytest.raises(Invalid) as refused:
        inputs.submit_input(uow, P1, ITEM, now=NOW)
    assert "closed" in refused.value.errors["programme"][0]
    assert len(uow.events("input-submitted")) == 1


def test_an_older_announcement_read_again_changes_nothing(uow):
    record_programme(uow, CRISIS_ID, "Crisis care 2026", "closed", NOW + timedelta(minutes=1))
    record_programme(uow, CRISIS_ID, "Crisis care 2026", "open", NOW)  # replayed from the topic
    assert not uow.programmes.get(CRISIS_ID).is_open


def test_a_batch_names_each_item_with_an_unknown_programme_and_writes_nothing(uow):
    batch = [ITEM, {**ITEM, "programme": "Maternity 2026"}, ITEM]
    with pytest.raises(Invalid) as refused:
        inputs.submit_inputs(uow, P1, batch, now=NOW)
    errors = refused.value.errors["inputs"]
    assert list(errors) == [1] and "'Maternity 2027'" in errors[1]["programme"][0]
    assert uow.published == [] and uow.inputs.rows == {}


CO_PRODUCED = {**ITEM, "engagement_method": "co_design_session", "participation_level": "co-production"}


def test_co_production_without_a_stage_is_refused_unless_the_programme_names_one(uow):
    with pytest.raises(Invalid) as refused:
        inputs.submit_input(uow, P1, CO_PRODUCED, now=NOW)
    [message] = refused.value.errors["participation_level"]
    assert "on the input or on its programme" in message and "The ladder runs" in message
    assert uow.published == [] and uow.commits == 0
    record_programme(uow, CRISIS_ID, "Crisis care 2026", "open", NOW + timedelta(minutes=1),
                     "designing_services")
    taken = inputs.submit_input(uow, P1, CO_PRODUCED, now=NOW)
    assert taken.shared_decision_stage == "designing_services", "recorded with the programme's stage"
    [event] = [e for e in uow.published if e.topic == "intake.input-submitted.v1"]
    assert event.payload["shared_decision_stage"] == "designing_services"


def test_a_batch_names_each_co_production_item_whose_programme_names_no_stage(uow):
    record_programme(uow, CRISIS_ID, "Crisis care 2026", "open", NOW + timedelta(minutes=1),
                     "designing_services")
    with pytest.raises(Invalid) as refused:
        inputs.submit_inputs(uow, P1, [CO_PRODUCED, {**CO_PRODUCED, "programme": "Maternity 2027"}], now=NOW)
    assert list(refused.value.errors["inputs"]) == [1]
    assert list(refused.value.errors["inputs"][1]) == ["participation_level"]
    assert uow.commits == 0
