""""Final outcome only": a decision's news is held until its implementation ends; the update that
ends it goes as an email carrying what was held, and what was held ends as it does. With fakes."""
from __future__ import annotations

from dataclasses import asdict, replace
from datetime import timedelta

import pytest

from services.notify.domain.final_outcome import HOLD, SEND, SEND_AND_CARRY, final_only_step
from services.notify.domain.notifications import decision_event
from services.notify.service_layer.directory import apply_contact
from services.notify.service_layer.mail_jobs import NotificationMail
from services.notify.service_layer.outcomes import record_notifications
from tests.unit.notify.events import NOW, link, new_id, progress, published
from tests.unit.notify.fakes import FakeUnitOfWork, contact


def ended(decision_id, links, status="delivered"):
    return {**progress(decision_id, links), "status": status, "previous_status": "in_progress", "percent": 100}


def statuses(uow, notifications):
    return [uow.notifications.rows[n.notification_id]["status"] for n in notifications]


@pytest.mark.parametrize("status, step", [("planned", HOLD), ("in_progress", HOLD),
                                          ("delivered", SEND_AND_CARRY), ("stopped", SEND_AND_CARRY)])
def test_only_delivered_or_stopped_ends_a_decision(status, step):
    decision_id = new_id()
    assert final_only_step(decision_event("progress-updated", ended(decision_id, [], status)), False) == step
    assert final_only_step(decision_event("outcome-published", published(decision_id, [])), False) == HOLD
    assert final_only_step(decision_event("progress-updated", ended(decision_id, [], status)), True) == SEND


def test_news_is_held_until_the_end_which_carries_it_and_later_news_goes_as_it_comes():
    uow, person, other, decision_id = FakeUnitOfWork(), new_id(), new_id(), new_id()
    uow.contacts.save(contact(person, email_frequency="final_outcome"))
    uow.contacts.save(contact(other, email="kim@example.org"))
    links = [link(person), link(other)]
    held = record_notifications(uow, "outcome-published", published(decision_id, links), str, NOW)
    held += record_notifications(uow, "progress-updated", progress(decision_id, links), str, NOW)
    assert [n.status for n in held if n.contributor_id == person] == ["held", "held"]
    assert [n.status for n in held if n.contributor_id == other] == ["queued", "queued"]
    assert uow.contributor_digests.waiting(NOW + timedelta(days=2)) == [], "no daily digest takes them"

    end = ended(decision_id, links)
    final = [n for n in record_notifications(uow, "progress-updated", end, str, NOW)
             if n.contributor_id == person]
    assert [n.status for n in final] == ["queued"]
    mine = [n for n in held if n.contributor_id == person]
    assert {uow.notifications.rows[n.notification_id]["digest_id"] for n in mine} == {final[0].notification_id}

    NotificationMail(None, str).on_sent(uow, final[0].notification_id, 1, NOW)
    assert statuses(uow, mine) == ["sent", "sent"]
    sent = {e["notification_id"] for e in uow.events("notification-sent")}
    assert sent == {final[0].notification_id, *(n.notification_id for n in mine)}, "one event each"

    revised = {**published(decision_id, links), "revision": 2, "reason": "A typo.", "revised_at": NOW}
    [later] = [n for n in record_notifications(uow, "outcome-revised", revised, str, NOW)
               if n.contributor_id == person]
    assert later.status == "queued", "after the end, a change to the final outcome goes as it comes"
    again = record_notifications(uow, "progress-updated", end, str, NOW)
    assert again == [], "the same update twice: never a second email"


def test_a_final_email_that_is_suppressed_or_fails_takes_what_it_carries_with_it():
    uow, person, decision_id = FakeUnitOfWork(), new_id(), new_id()
    chose = contact(person, email_frequency="final_outcome")
    uow.contacts.save(chose)
    [held] = record_notifications(uow, "outcome-published", published(decision_id, [link(person)]), str, NOW)
    uow.contacts.save(replace(chose, contact_about_outcomes=False))
    [final] = record_notifications(uow, "progress-updated", ended(decision_id, [link(person)], "stopped"), str, NOW)
    assert (final.status, final.reason) == ("suppressed", "no_consent")
    assert uow.notifications.rows[held.notification_id]["status"] == "suppressed"
    assert {e["notification_id"] for e in uow.events("notification-suppressed")} == {
        held.notification_id, final.notification_id}

    uow2, decision2 = FakeUnitOfWork(), new_id()
    uow2.contacts.save(chose)
    [held2] = record_notifications(uow2, "outcome-published", published(decision2, [link(person)]), str, NOW)
    [final2] = record_notifications(uow2, "progress-updated", ended(decision2, [link(person)]), str, NOW)
    NotificationMail(None, str).on_failed(uow2, final2.notification_id, 3, "550 no such user", NOW)
    assert uow2.notifications.rows[held2.notification_id]["status"] == "failed"
    [failed] = [e for e in uow2.events("notification-failed") if e["notification_id"] == held2.notification_id]
    assert failed["reason"] == "550 no such user"


def test_going_back_to_each_update_releases_what_waits_for_the_end():
    uow, person, decision_id = FakeUnitOfWork(), new_id(), new_id()
    chose = contact(person, email_frequency="final_outcome")
    apply_contact(uow, asdict(chose))
    [held] = record_notifications(uow, "outcome-published", published(decision_id, [link(person)]), str, NOW)
    later = chose.updated_at + timedelta(hours=1)
    apply_contact(uow, asdict(replace(chose, email_frequency="daily_digest", updated_at=later)))
    assert uow.notifications.rows[held.notification_id]["status"] == "held", "the digest takes it now"
    assert uow.contributor_digests.waiting(NOW + timedelta(days=2)) == [(person, held.partner_id)]
    apply_contact(uow, asdict(replace(chose, email_frequency="each_update", updated_at=later + timedelta(hours=1))))
    assert uow.notifications.rows[held.notification_id]["status"] == "queued"
