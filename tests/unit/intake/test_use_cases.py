"""Intake's use cases against in-memory fakes: what they store and what they publish."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from services.common.web.pagination import keyset_page
from services.intake.domain.outcomes import FAILED, SENT, DecisionFacts
from services.intake.service_layer import contributors, inputs, outcomes, partners
from services.intake.service_layer.errors import Conflict, Invalid, NotFound
from tests.unit.intake.fakes import FakeUnitOfWork

NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)
P1, P2 = "6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10", "0d8c2b7e-4f10-4e52-9a61-6f1c2a9e3b1d"
ITEM = {"programme": "Crisis care", "topics": ["nights"], "summary": "A&E at night.",
        "body": None, "engagement_method": "story", "participation_level": "consultation",
        "gathered_on": date(2027, 3, 1)}


@pytest.fixture
def uow():
    return FakeUnitOfWork()


def person(uow, partner_id=P1, **overrides):
    fields = dict(email="sam@example.org", preferred_name="Sam", contact_about_outcomes=True,
                  quote_anonymously=True, consent_method="verbal", now=NOW)
    return contributors.create_contributor(uow, partner_id, **{**fields, **overrides})


def test_partner_registration_publishes_the_partner_and_its_contact(uow):
    partner = partners.register_partner(uow, name="Northtown", contact_email="hi@north.example",
                                        now=NOW)
    assert uow.topics() == ["intake.partner-registered.v1", "intake.contacts.v1"]
    assert uow.published[1].payload["kind"] == "partner"
    assert uow.commits == 1  # the use case commits its own work
    assert partners.update_partner(uow, partner.partner_id, None, {"daily_digest": False}) is partner
    assert len(uow.published) == 2 and uow.commits == 1  # nothing changed, nothing published
    with pytest.raises(NotFound):
        partners.get_partner(uow, partner.partner_id, scope="another partner")


def test_input_carries_its_contributors_quote_consent(uow):
    quotable = person(uow)
    shy = person(uow, quote_anonymously=False)
    for who, expected in ((quotable, True), (shy, False), (None, False)):
        item = {**ITEM, "contributor_id": who.contributor_id if who else None}
        inputs.submit_input(uow, P1, item, now=NOW)
        assert uow.published[-1].payload["quote_anonymously"] is expected


def test_a_batch_with_one_foreign_contributor_writes_and_publishes_nothing(uow):
    ours, theirs = person(uow, P1), person(uow, P2)
    before = list(uow.published)
    batch = [{**ITEM, "contributor_id": ours.contributor_id}, ITEM,
             {**ITEM, "contributor_id": theirs.contributor_id}]
    with pytest.raises(Invalid) as refused:
        inputs.submit_inputs(uow, P1, batch, now=NOW)
    assert refused.value.errors == {"inputs": {2: {"contributor_id": ["No such contributor."]}}}
    assert uow.inputs.rows == {} and uow.published == before


def test_consent_method_alone_is_recorded_but_is_no_consent_event(uow):
    contributor = person(uow)
    uow.published.clear()
    changed = contributors.update_contributor(uow, P1, contributor.contributor_id,
                                              {"consent_method": "written"}, now=NOW)
    assert [r.consent_method for r in changed.consent_history] == ["verbal", "written"]
    assert uow.published == []
    contributors.update_contributor(uow, P1, contributor.contributor_id, {"language": "cy"})
    assert uow.topics() == ["intake.contacts.v1"]


def test_erasure_tombstones_the_contact_once(uow):
    contributor = person(uow)
    uow.published.clear()
    contributors.erase_contributor(uow, P1, contributor.contributor_id, now=NOW)
    contributors.erase_contributor(uow, P1, contributor.contributor_id, now=NOW)
    assert (uow.published[0].topic, uow.published[0].payload) == ("intake.contacts.v1", None)
    assert uow.topics() == ["intake.contacts.v1", "intake.contributor-consent-changed.v1"]
    with pytest.raises(Conflict):
        contributors.update_contributor(uow, P1, contributor.contributor_id, {"email": "x@y.org"})


def test_pages_end_with_no_next_cursor(uow):
    made = [inputs.submit_input(uow, P1, ITEM, now=NOW + timedelta(seconds=n)) for n in range(3)]
    query = inputs.InputQuery(partner_id=P1)

    def page(cursor):
        return keyset_page({"cursor": cursor, "limit": 2},
                           lambda after, limit: inputs.list_inputs(uow, query, after, limit),
                           lambda found: (found.submitted_at, found.input_id))
    first = page(None)
    second = page(first["next_cursor"])
    assert [i.input_id for i in first["items"] + second["items"]] == [i.input_id for i in made]
    assert second["next_cursor"] is None


def decision_facts(decision_id="d1", revision=1) -> DecisionFacts:
    return DecisionFacts(decision_id=decision_id, board_id="b1", board_name="Board", title="T",
                         decided_on=date(2027, 3, 1), public_url="https://x", revision=revision,
                         published_at=NOW, revised_at=None)


def link(input_) -> dict:
    return {"input_id": input_.input_id, "influence": "adopted", "explanation": "Done."}


def test_outcome_events_about_unknown_or_withdrawn_input_change_nothing(uow):
    withdrawn = inputs.submit_input(uow, P1, ITEM, now=NOW)
    inputs.withdraw_input(uow, withdrawn.input_id, P1, now=NOW)
    stranger = replace(withdrawn, input_id="not-here")
    outcomes.record_decision(uow, decision_facts(), [link(withdrawn), link(stranger)],
                             at=NOW, cause="decisions.outcome-published.v1")
    outcomes.record_notification(uow, "d1", ["not-here"], SENT, at=NOW, detail=None, cause="x")
    assert uow.inputs.get(withdrawn.input_id).status == "withdrawn"
    assert set(uow.outcomes.rows) == {("d1", withdrawn.input_id)}


def test_a_failed_notification_before_its_decision_still_means_the_outcome_is_out(uow):
    named = inputs.submit_input(uow, P1, {**ITEM, "contributor_id": person(uow).contributor_id})
    outcomes.record_notification(uow, "d1", [named.input_id], FAILED, at=NOW, detail=None,
                                 cause="notify.notification-failed.v1")
    assert uow.inputs.get(named.input_id).status == "outcome_published"
    assert uow.outcomes.get("d1", named.input_id).facts is None


def test_a_status_changed_under_the_handler_is_retried(uow):
    named = inputs.submit_input(uow, P1, ITEM, now=NOW)
    stale = replace(named, status="received")
    inputs.withdraw_input(uow, named.input_id, P1, now=NOW)  # e.g. through the API meanwhile
    with pytest.raises(outcomes.StatusRace):
        outcomes.advance(uow, stale, "closed", NOW, "decisions.outcome-published.v1")


def test_consent_events_say_whether_an_address_is_held_and_its_format_never_the_address(uow):
    contributor = person(uow, email=None, accessible_format="large_print")
    first = [e.payload for e in uow.published if e.topic == "intake.contributor-consent-changed.v1"]
    assert (first[-1]["has_email"], first[-1]["accessible_format"]) == (False, "large_print")
    uow.published.clear()
    contributors.update_contributor(uow, P1, contributor.contributor_id, {"email": "sam@example.org"})
    assert uow.topics() == ["intake.contacts.v1", "intake.contributor-consent-changed.v1"]
    told = uow.published[-1].payload
    assert told["has_email"] is True and "sam@example.org" not in repr(told)
    uow.published.clear()
    contributors.update_contributor(uow, P1, contributor.contributor_id, {"email": "new@example.org"})
    assert uow.topics() == ["intake.contacts.v1"]  # still an address: nothing new for decisions
    uow.published.clear()
    contributors.update_contributor(uow, P1, contributor.contributor_id, {"email_frequency": "final_outcome"})
    assert uow.topics() == ["intake.contacts.v1", "intake.contributor-consent-changed.v1"]
    assert uow.published[-1].payload["email_frequency"] == "final_outcome"  # the workspace's preview counts it
