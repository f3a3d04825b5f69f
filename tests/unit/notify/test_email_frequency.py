"""A contributor's choice of how often to hear: held for a daily digest, released when they go
back to one email per update, suppressed like any waiting email on erasure. With fakes."""
from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, timedelta

import pytest

from services.notify.domain.notifications import decision_event, links_by_contributor, new_notification
from services.notify.service_layer.directory import apply_contact, erase_contact
from services.notify.service_layer.outcomes import record_notifications
from tests.unit.notify.events import NOW, link, new_id, progress, published
from tests.unit.notify.fakes import FakeUnitOfWork, contact
from tests.unit.notify.test_templates_and_tokens import composer


def status_of(uow, notifications) -> dict[str, str]:
    return {n.contributor_id: uow.notifications.rows[n.notification_id]["status"] for n in notifications}


def test_a_digest_chooser_is_held_and_an_each_update_chooser_is_queued():
    uow, daily, each = FakeUnitOfWork(), new_id(), new_id()
    uow.contacts.save(contact(daily, email_frequency="daily_digest"))
    uow.contacts.save(contact(each, email="kim@example.org"))
    created = record_notifications(uow, "outcome-published", published(new_id(), [link(daily), link(each)]),
                                   str, NOW)
    assert status_of(uow, created) == {daily: "held", each: "queued"}
    by_person = {n.contributor_id: n.notification_id for n in created}
    assert uow.notifications.rows[by_person[daily]]["next_attempt_at"] is None
    queue = uow.queues["notification"]
    assert queue.claim_next(NOW + timedelta(days=2)).row_id == by_person[each]
    assert queue.claim_next(NOW + timedelta(days=2)) is None, "a held one waits for its digest"
    assert uow.published == []  # a held notification is announced when its digest is sent


def test_a_refusal_still_wins_over_the_digest_choice():
    uow, refused = FakeUnitOfWork(), new_id()
    uow.contacts.save(contact(refused, consent=False, email_frequency="daily_digest"))
    [created] = record_notifications(uow, "outcome-published", published(new_id(), [link(refused)]), str, NOW)
    assert (created.status, created.reason) == ("suppressed", "no_consent")


def test_going_back_to_each_update_releases_what_is_held():
    uow, person, decision_id = FakeUnitOfWork(), new_id(), new_id()
    chose_digest = contact(person, email_frequency="daily_digest")
    apply_contact(uow, asdict(chose_digest))
    held = record_notifications(uow, "outcome-published", published(decision_id, [link(person)]), str, NOW)
    held += record_notifications(uow, "progress-updated", progress(decision_id, [link(person)]), str, NOW)
    assert set(status_of(uow, held).values()) == {"held"}
    later = chose_digest.updated_at + timedelta(hours=1)
    apply_contact(uow, asdict(replace(chose_digest, email_frequency="each_update", updated_at=later)))
    assert [uow.notifications.rows[n.notification_id]["status"] for n in held] == ["queued", "queued"]
    assert all(uow.notifications.rows[n.notification_id]["next_attempt_at"] == later for n in held)


def test_erasure_suppresses_held_news_too():
    uow, person = FakeUnitOfWork(), new_id()
    uow.contacts.save(contact(person, email_frequency="daily_digest"))
    [held] = record_notifications(uow, "outcome-published", published(new_id(), [link(person)]), str, NOW)
    assert erase_contact(uow, person, NOW) == 1
    assert uow.notifications.rows[held.notification_id]["status"] == "suppressed"
    [event] = uow.events("notification-suppressed")
    assert event["reason"] == "erased"


@pytest.mark.parametrize("accessible_format, words, size", [
    ("standard", "Your news from Heard: 4 December 2026", "font-size: 19px"),
    ("easy_read", "Your news for 4 December 2026", "font-size: 22px"),
    ("large_print", "Your news from Heard: 4 December 2026", "font-size: 24px")])
def test_the_contributor_digest_renders_in_every_format_grouped_by_decision(accessible_format, words, size):
    person, first, second = new_id(), new_id(), new_id()
    carried = []
    for event_type, payload in (("outcome-published", published(first, [link(person, "adopted", "Done.")])),
                                ("progress-updated", progress(first, [link(person, "adopted", "Done.")])),
                                ("outcome-published", published(second, [link(person, "not_adopted",
                                                                               "Too costly.")]))):
        event = decision_event(event_type, payload)
        [(_, links)] = links_by_contributor(event).items()
        carried.append(new_notification(event, person, links, None, NOW, held=True))
    mail = composer().contributor_digest_mail(
        "digest-1", contact(person, accessible_format=accessible_format), None, date(2026, 12, 4),
        carried, {})
    assert mail.subject == words and size in mail.html
    assert "Done." in mail.text and "Too costly." in mail.text
    assert mail.text.count("/answer/yes") == 2, "one set of answer links per decision, not per update"
    assert mail.html.count("<h2>") >= 2 and mail.message_id == "<contributor-digest-digest-1@heard.example>"
    assert mail.headers["List-Unsubscribe"].strip("<>") in mail.text
