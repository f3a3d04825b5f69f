"""Contacts, erasure and digest planning, with fakes."""
from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta

from services.notify.domain.digests import digest_id
from services.notify.service_layer.digests import plan_digests
from services.notify.service_layer.directory import apply_contact, erase_contact
from services.notify.service_layer.outcomes import record_notifications
from tests.unit.notify.events import NOW, PARTNER, link, new_id, published
from tests.unit.notify.fakes import FakeUnitOfWork, contact


def test_an_older_contact_version_never_overwrites_a_newer_one():
    uow, person = FakeUnitOfWork(), new_id()
    newer = contact(person, email="new@example.org")
    apply_contact(uow, asdict(newer))
    apply_contact(uow, asdict(replace(newer, email="old@example.org",
                                      updated_at=newer.updated_at - timedelta(days=1))))
    assert uow.contacts.get(person, "contributor").email == "new@example.org"


def test_erasure_forgets_the_contact_and_suppresses_what_was_waiting_for_them():
    uow, person, other = FakeUnitOfWork(), new_id(), new_id()
    for someone in (person, other):
        uow.contacts.save(contact(someone))
    [being_sent] = record_notifications(uow, "outcome-published", published(new_id(), [link(person)]),
                                        str, NOW)
    claim = uow.queues["notification"].claim_next(NOW)  # a sender has this one already
    waiting = record_notifications(uow, "outcome-published", published(new_id(), [
        link(person), link(other)]), str, NOW)
    assert erase_contact(uow, person, NOW) == 1
    assert uow.contacts.get(person, "contributor") is None
    assert claim.row_id == being_sent.notification_id
    assert {n.contributor_id: uow.notifications.rows[n.notification_id]["status"] for n in waiting} == {
        person: "suppressed", other: "queued"}
    [event] = uow.events("notification-suppressed")
    assert (str(event["contributor_id"]), event["reason"]) == (person, "erased")


def test_one_digest_per_partner_and_day_after_the_digest_hour_when_there_is_news():
    uow, quiet = FakeUnitOfWork(), new_id()
    uow.contacts.save(contact(PARTNER, kind="partner", partner_id=PARTNER, daily_digest=True))
    uow.contacts.save(contact(quiet, kind="partner", partner_id=quiet, daily_digest=True))
    day = datetime(2025, 6, 10, tzinfo=UTC)
    record_notifications(uow, "outcome-published", published(new_id(), [link(None)],
                                                             published_at=day.replace(hour=9)), str, NOW)
    assert plan_digests(uow, day.replace(hour=16), 17) == []
    assert plan_digests(uow, day.replace(hour=17, minute=1), 17) == [digest_id(PARTNER, day.date())]
    assert plan_digests(uow, day.replace(hour=23), 17) == []
    assert plan_digests(uow, (day + timedelta(days=1)).replace(hour=18), 17) == []  # no news


def test_unsubscribing_announces_each_contributor_with_the_address_by_id_only():
    from services.notify.adapters.tokens import UnsubscribeTokens
    from services.notify.service_layer.directory import unsubscribe

    tokens = UnsubscribeTokens("a-signing-secret-for-tests", list_key="a-list-key-for-tests")
    uow, here, there, other = FakeUnitOfWork(), new_id(), new_id(), new_id()
    one, two = new_id(), new_id()
    uow.contacts.save(contact(here, email="sam@example.org", partner_id=one))
    uow.contacts.save(contact(there, email=" Sam@Example.org", partner_id=two))  # same address
    uow.contacts.save(contact(other, email="kim@example.org", partner_id=one))
    uow.contacts.save(contact(new_id(), kind="partner", email="sam@example.org"))  # a partner: not theirs
    assert unsubscribe(uow, tokens.address_hash("sam@example.org"), NOW, tokens.address_hash)
    announced = uow.events("contributor-unsubscribed")
    assert sorted((str(e["contributor_id"]), str(e["partner_id"])) for e in announced) == sorted(
        [(here, one), (there, two)])
    assert all(set(e) == {"contributor_id", "partner_id", "unsubscribed_at"} for e in announced)
    assert not unsubscribe(uow, tokens.address_hash("sam@example.org"), NOW, tokens.address_hash)
    assert len(uow.events("contributor-unsubscribed")) == 4  # again: intake changes nothing then
