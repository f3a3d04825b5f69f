"""Who is on a partner's relay list, and what recording a relay does (fakes only)."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from services.intake.domain.outcomes import FAILED, SENT, DecisionFacts, Outcome, with_notification
from services.intake.domain.relays import EMAIL_FAILED, NO_EMAIL, relay_reason
from services.intake.service_layer import contributors, inputs, relays
from services.intake.service_layer.errors import Conflict, NotFound
from tests.unit.intake.fakes import FakeUnitOfWork

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)
P1, P2 = "6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10", "0d8c2b7e-4f10-4e52-9a61-6f1c2a9e3b1d"
D1 = "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70"
FACTS = DecisionFacts(D1, "b1", "Board", "Open a night cafe", date(2027, 3, 1), "https://x/d1",
                      1, NOW, None)
ITEM = {"programme": "Crisis care", "topics": ["nights"], "summary": "A&E at night.",
        "body": None, "engagement_method": "story", "participation_level": "consultation",
        "gathered_on": date(2027, 3, 1)}


def someone(uow, email="sam@example.org", contact=True):
    return contributors.create_contributor(
        uow, P1, email=email, preferred_name="Sam", contact_about_outcomes=contact,
        quote_anonymously=False, consent_method="verbal", now=NOW)


def test_relay_reason_covers_no_address_and_failed_email_only():
    uow = FakeUnitOfWork()
    outcome = Outcome("d1", "i1", facts=FACTS, influence="adopted", explanation="Yes.")
    no_address, addressed = someone(uow, email=None), someone(uow)
    assert relay_reason(no_address, outcome) == NO_EMAIL
    assert relay_reason(addressed, outcome) is None, "pending: notify will email them"
    assert relay_reason(addressed, with_notification(outcome, FAILED, NOW, None)) == EMAIL_FAILED
    assert relay_reason(addressed, with_notification(outcome, SENT, NOW, None)) is None
    assert relay_reason(someone(uow, email=None, contact=False), outcome) is None, "not wanted"
    assert relay_reason(None, outcome) is None, "anonymous: nobody to tell"
    assert relay_reason(no_address, replace(outcome, cited=False)) is None
    assert relay_reason(no_address, replace(outcome, facts=None)) is None


def test_marking_told_closes_the_input_and_publishes_ids_only():
    uow = FakeUnitOfWork()
    person = someone(uow, email=None)
    input_ = inputs.submit_input(uow, P1, {**ITEM, "contributor_id": person.contributor_id}, NOW)
    uow.outcomes.save(Outcome(D1, input_.input_id, facts=FACTS, influence="adopted",
                              explanation="Yes."))
    with pytest.raises(NotFound):
        relays.mark_told(uow, P2, D1, input_.input_id, "phone", NOW)
    later = NOW + timedelta(days=2)
    told = relays.mark_told(uow, P1, D1, input_.input_id, "letter", later)
    assert (told.relayed_at, told.relay_how, told.told_at) == (later, "letter", later)
    assert uow.inputs.get(input_.input_id).status == "closed"
    event = uow.published[-1]
    assert (event.topic, event.key) == ("intake.outcome-relayed.v1", person.contributor_id)
    assert event.payload is not None
    assert event.payload["how"] == "letter" and event.payload["input_ids"] == [input_.input_id]
    with pytest.raises(Conflict):
        relays.mark_told(uow, P1, D1, input_.input_id, "phone", later)
    # an email sent later does not move the first time they were told
    assert with_notification(told, SENT, later + timedelta(days=1), None).told_at == later
