"""Decisions and notify events move inputs along and fill /outcome (handlers on a real DB;
the same handlers behind the real broker are in tests/e2e/intake)."""
from __future__ import annotations

import pytest

from services.intake.entrypoints.consumers import intake_handlers
from tests.integration.intake.events import (
    FAILED, SENT, SUPPRESSED, decision, delivery, envelope, link, notification,
)


@pytest.fixture
def consume(api):
    handlers = intake_handlers(api.runtime.uow_factory)

    def feed(event: tuple, wire: dict | None = None):
        contract, payload = event
        handlers[contract.topic](delivery(contract, payload, wire))
    return feed


def read(api, partner, input_: dict) -> tuple[dict, dict]:
    url = f"/v1/inputs/{input_['input_id']}"
    return (api.client.get(url, headers=partner.headers).json,
            api.client.get(f"{url}/outcome", headers=partner.headers).json)


def statuses(shown: dict) -> list[str]:
    return [h["status"] for h in shown["status_history"]]


def test_published_outcome_moves_named_and_anonymous_input_and_ignores_the_rest(api, partner, consume):
    named = api.new_input(partner, contributor_id=api.new_contributor(partner)["contributor_id"])
    anonymous = api.new_input(partner)
    withdrawn = api.new_input(partner)
    api.client.post(f"/v1/inputs/{withdrawn['input_id']}/withdraw", json={}, headers=partner.headers)
    stranger = {**named, "input_id": "00000000-0000-4000-8000-00000000beef"}
    event = decision([link(named), link(anonymous, "not_adopted", "Not this year: no budget."),
                      link(withdrawn), link(stranger)])

    consume(event)

    shown, outcome = read(api, partner, named)
    assert shown["status"] == "outcome_published"
    assert shown["status_history"][-1]["cause"] == "decisions.outcome-published.v1"
    [cited] = outcome["decisions"]
    payload = event[1]
    assert (cited["decision_id"], cited["decision_title"], cited["board_name"], cited["influence"],
            cited["decided_on"], cited["revision"]) == (
        payload["decision_id"], payload["title"], payload["board_name"], "adopted",
        payload["decided_on"], 1)
    assert cited["contributor_told"] is False and cited["notification"]["status"] == "pending"
    shown, outcome = read(api, partner, anonymous)
    # nobody to tell: its outcome is public, but its loop is not closed (honest closed loop)
    assert statuses(shown) == ["received", "outcome_published", "anonymous"]
    assert outcome["decisions"][0]["explanation"] == "Not this year: no budget."
    assert read(api, partner, withdrawn)[0]["status"] == "withdrawn"


def test_told_failed_and_suppressed_notifications(api, partner, consume):
    told, failed = (api.new_input(partner, contributor_id=api.new_contributor(partner)["contributor_id"])
                    for _ in range(2))
    event = decision([link(told), link(failed)])
    decision_id = event[1]["decision_id"]
    consume(event)

    consume(notification(SENT, decision_id, told))
    consume(notification(FAILED, decision_id, failed))

    shown, outcome = read(api, partner, told)
    assert statuses(shown) == ["received", "outcome_published", "closed"]
    assert shown["status_history"][-1]["cause"] == "notify.notification-sent.v1"
    assert outcome["decisions"][0]["contributor_told"] is True
    assert outcome["decisions"][0]["told_at"] == outcome["decisions"][0]["notification"]["at"]
    shown, outcome = read(api, partner, failed)
    assert shown["status"] == "outcome_published"
    assert outcome["decisions"][0]["notification"] == {
        "status": "failed", "at": outcome["decisions"][0]["notification"]["at"], "reason": None}
    assert outcome["decisions"][0]["contributor_told"] is False

    consume(notification(SUPPRESSED, decision_id, failed))
    shown, outcome = read(api, partner, failed)
    assert shown["status"] == "outcome_published", "no address: the partner still has to tell them"
    assert outcome["decisions"][0]["notification"]["reason"] == "no_email"


def test_a_contributor_who_did_not_want_to_hear_is_not_wanted_never_closed(api, partner, consume):
    declined = api.new_contributor(partner, consent={"contact_about_outcomes": False,
                                                     "quote_anonymously": False})
    asked = api.new_input(partner, contributor_id=declined["contributor_id"])
    event = decision([link(asked)])
    consume(event)
    consume(notification(SUPPRESSED, event[1]["decision_id"], asked, reason="no_consent"))

    shown, outcome = read(api, partner, asked)
    assert statuses(shown) == ["received", "outcome_published", "not_wanted"]
    assert shown["status_history"][-1]["cause"] == "notify.notification-suppressed.v1"
    assert outcome["decisions"][0]["contributor_told"] is False
    listed = api.client.get("/v1/inputs", query_string={"status": "not_wanted"}, headers=partner.headers)
    assert [i["input_id"] for i in listed.json["items"]] == [asked["input_id"]]
    # told after all (a revision emailed once they consent again): now the loop closes
    consume(notification(SENT, event[1]["decision_id"], asked))
    assert statuses(read(api, partner, asked)[0]) == ["received", "outcome_published", "not_wanted",
                                                      "closed"]


def test_a_notification_seen_before_its_decision_is_kept(api, partner, consume):
    named = api.new_input(partner, contributor_id=api.new_contributor(partner)["contributor_id"])
    event = decision([link(named)])

    consume(notification(SENT, event[1]["decision_id"], named))
    shown, outcome = read(api, partner, named)
    assert statuses(shown) == ["received", "outcome_published", "closed"]
    assert outcome["decisions"] == []  # nothing to show until the decision itself is seen

    consume(event)
    shown, outcome = read(api, partner, named)
    assert statuses(shown) == ["received", "outcome_published", "closed"]
    assert outcome["decisions"][0]["contributor_told"] is True
    assert outcome["decisions"][0]["decision_title"] == event[1]["title"]


def test_revisions_replace_the_record_and_late_older_ones_do_not(api, partner, consume):
    kept, dropped = api.new_input(partner), api.new_input(partner)
    first = decision([link(kept), link(dropped)])
    decision_id = first[1]["decision_id"]
    consume(first)
    third = decision([link(kept, "adapted", "Open three nights, not seven.")],
                     decision_id=decision_id, revision=3)
    second = decision([link(kept, "noted")], decision_id=decision_id, revision=2)

    consume(third)
    consume(second)  # arrives late: older than what we hold

    [cited] = read(api, partner, kept)[1]["decisions"]
    assert (cited["revision"], cited["influence"], cited["explanation"]) == (
        3, "adapted", "Open three nights, not seven.")
    assert cited["published_at"] == first[1]["published_at"]
    assert cited["revised_at"] == third[1]["revised_at"]
    assert read(api, partner, dropped)[1]["decisions"] == []


def test_the_same_event_twice_changes_nothing_more(api, partner, consume):
    anonymous = api.new_input(partner)
    event = decision([link(anonymous)])
    wire = envelope(*event)
    consume(event, wire)
    consume(event, wire)
    assert statuses(read(api, partner, anonymous)[0]) == ["received", "outcome_published", "anonymous"]
