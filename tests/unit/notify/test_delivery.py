"""The delivery loop's decisions, with fakes: sent, retried, given up, failed, suppressed, and
what a restart does with a claim a dead sender left behind."""
from __future__ import annotations

from datetime import timedelta

import pytest

from services.notify.domain.mail import Mail, PermanentFailure, TemporaryFailure, UnknownOutcome
from services.notify.domain.retry import RetryPolicy
from services.notify.service_layer.delivery import INTERRUPTED, deliver_next, sweep_stale
from services.notify.service_layer.mail_jobs import NotificationMail
from services.notify.service_layer.outcomes import record_notifications
from tests.unit.notify.events import NOW, link, new_id, published
from tests.unit.notify.fakes import FakeMailer, FakeUnitOfWork, contact

POLICY = RetryPolicy(base_seconds=10, cap_seconds=25, max_attempts=3)


class FakeComposer:
    def outcome_mail(self, notification, contact, partner, summaries):
        return Mail(contact.email, contact.preferred_name, "Subject", "text", "<p>html</p>",
                    f"<{notification.notification_id}@test>")


def hash_of(address: str) -> str:
    return f"hash:{address}"


@pytest.fixture
def queued():
    uow, person = FakeUnitOfWork(), new_id()
    uow.contacts.save(contact(person))
    [notification] = record_notifications(uow, "outcome-published", published(new_id(), [link(person)]),
                                          hash_of, NOW)
    return uow, notification


def deliver(uow, mailer, at=NOW):
    return deliver_next(uow, NotificationMail(FakeComposer(), hash_of), mailer, POLICY, lambda: at)


def row(uow, notification):
    return uow.notifications.rows[notification.notification_id]


def test_sent_once_with_its_event_and_the_handover_stamped_before_the_message(queued):
    uow, notification = queued
    mailer = FakeMailer(uow)
    assert deliver(uow, mailer) is True
    assert deliver(uow, mailer) is False  # nothing else due
    assert len(mailer.sent) == 1
    assert mailer.handed_over_rows[0][notification.notification_id]["handover_at"] == NOW
    assert (row(uow, notification)["status"], row(uow, notification)["attempts"]) == ("sent", 1)
    [event] = uow.events("notification-sent")
    assert event["attempts"] == 1 and str(event["notification_id"]) == notification.notification_id


def test_temporary_failures_back_off_exponentially_then_give_up(queued):
    uow, notification = queued
    mailer = FakeMailer(uow, [TemporaryFailure("451 at DATA: try later")] * 3)
    deliver(uow, mailer)
    assert row(uow, notification)["status"] == "queued"
    assert row(uow, notification)["next_attempt_at"] == NOW + timedelta(seconds=10)
    assert deliver(uow, mailer, at=NOW + timedelta(seconds=9)) is False  # not due yet
    deliver(uow, mailer, at=NOW + timedelta(seconds=10))
    assert row(uow, notification)["next_attempt_at"] == NOW + timedelta(seconds=30)  # 10 + 20
    deliver(uow, mailer, at=NOW + timedelta(seconds=30))
    assert (row(uow, notification)["status"], row(uow, notification)["attempts"]) == ("failed", 3)
    [event] = uow.events("notification-failed")
    assert event["reason"] == "gave up after 3 attempts; last: 451 at DATA: try later"
    assert uow.events("notification-sent") == []


@pytest.mark.parametrize("failure, reason", [
    (PermanentFailure("550 at RCPT: <sam@example.org> unknown"), "550 at RCPT: <address> unknown"),
    (UnknownOutcome("connection lost during DATA: SMTPServerDisconnected"),
     f"{INTERRUPTED} (connection lost during DATA: SMTPServerDisconnected)"),
])
def test_a_permanent_or_uncertain_failure_is_never_retried(queued, failure, reason):
    uow, notification = queued
    deliver(uow, FakeMailer(uow, [failure]))
    assert (row(uow, notification)["status"], row(uow, notification)["reason"]) == ("failed", reason)
    assert [e["reason"] for e in uow.events("notification-failed")] == [reason]


@pytest.mark.parametrize("change, reason", [
    (lambda uow, person: uow.unsubscribes.add(hash_of("sam@example.org"), NOW), "unsubscribed"),
    (lambda uow, person: uow.contacts.save(contact(person, consent=False)), "no_consent"),
    (lambda uow, person: uow.contacts.delete(person), "erased"),
])
def test_what_changed_after_queueing_is_honoured_at_sending_time(queued, change, reason):
    uow, notification = queued
    change(uow, notification.contributor_id)
    mailer = FakeMailer(uow)
    assert deliver(uow, mailer) is True
    assert mailer.sent == [] and row(uow, notification)["status"] == "suppressed"
    assert [e["reason"] for e in uow.events("notification-suppressed")] == [reason]


def test_a_composing_error_is_retried_like_a_temporary_failure(queued):
    uow, notification = queued

    class BrokenComposer(FakeComposer):
        def outcome_mail(self, *args):
            raise KeyError("title")

    deliver_next(uow, NotificationMail(BrokenComposer(), hash_of), FakeMailer(uow), POLICY, lambda: NOW)
    assert row(uow, notification)["status"] == "queued"
    assert row(uow, notification)["reason"] == "could not compose the email: KeyError"


def test_abandoned_claims_are_queued_again_or_failed_if_the_message_may_have_gone(queued):
    uow, notification = queued
    other = record_notifications(uow, "outcome-published", published(new_id(), [link(
        notification.contributor_id)]), hash_of, NOW)[0]
    queue, job = uow.queues["notification"], NotificationMail(FakeComposer(), hash_of)
    before_message = queue.claim_next(NOW)  # a sender died while connecting ...
    after_handover = queue.claim_next(NOW)  # ... another after the message went to the server
    queue.mark_handover(after_handover, NOW)
    lease, later = timedelta(seconds=60), NOW + timedelta(seconds=61)
    assert sweep_stale(uow, job, lease, POLICY, lambda: NOW + timedelta(seconds=59)) == 0  # alive?
    assert sweep_stale(uow, job, lease, POLICY, lambda: later) == 2
    states = {key: (r["status"], r["attempts"], r["next_attempt_at"])
              for key, r in uow.notifications.rows.items()}
    assert states[before_message.row_id] == ("queued", 1, later + timedelta(seconds=10))
    assert states[after_handover.row_id] == ("failed", 1, None)
    assert {before_message.row_id, after_handover.row_id} == {notification.notification_id,
                                                              other.notification_id}
    [event] = uow.events("notification-failed")
    assert event["reason"] == INTERRUPTED and str(event["notification_id"]) == after_handover.row_id


def test_a_late_finish_after_the_sweep_took_the_claim_changes_nothing(queued):
    uow, notification = queued
    queue = uow.queues["notification"]
    claim = queue.claim_next(NOW)
    sweep_stale(uow, NotificationMail(FakeComposer(), hash_of), timedelta(seconds=1), POLICY,
                lambda: NOW + timedelta(seconds=5))
    assert queue.finish(claim, "sent", NOW + timedelta(seconds=6)) is None
    assert row(uow, notification)["status"] == "queued"


def test_a_message_that_kills_its_sender_every_time_ends_failed(queued):
    uow, notification = queued
    queue, job = uow.queues["notification"], NotificationMail(FakeComposer(), hash_of)
    claimed_at = NOW
    for _ in range(POLICY.max_attempts):
        assert queue.claim_next(claimed_at) is not None  # ... and the sender dies
        swept_at = claimed_at + timedelta(minutes=2)  # past the lease
        sweep_stale(uow, job, timedelta(seconds=60), POLICY, lambda swept_at=swept_at: swept_at)
        claimed_at = swept_at + timedelta(minutes=1)  # past the back-off
    assert (row(uow, notification)["status"], row(uow, notification)["attempts"]) == ("failed", 3)
    assert [e["reason"] for e in uow.events("notification-failed")] == ["gave up after 3 interrupted attempts"]


def test_a_sender_slower_than_the_lease_finds_its_claim_gone_and_does_not_send(queued):
    uow, notification = queued
    job = NotificationMail(FakeComposer(), hash_of)

    class SlowMailer(FakeMailer):
        def send(self, mail, on_handover):  # stalls past the lease, while the sweep runs
            sweep_stale(uow, job, timedelta(seconds=60), POLICY, lambda: NOW + timedelta(minutes=5))
            super().send(mail, on_handover)

    mailer = SlowMailer(uow)
    assert deliver_next(uow, job, mailer, POLICY, lambda: NOW) is True
    assert mailer.sent == [] and row(uow, notification)["status"] == "queued"
    assert uow.events("notification-sent") == []


def test_a_batch_sends_each_once_each_stamped_before_its_message_and_all_recorded_sent():
    from services.notify.service_layer.delivery import deliver_batch

    uow, people = FakeUnitOfWork(), [new_id() for _ in range(3)]
    for person in people:
        uow.contacts.save(contact(person))
    created = record_notifications(uow, "outcome-published",
                                   published(new_id(), [link(p) for p in people]), hash_of, NOW)
    mailer = FakeMailer(uow)
    job = NotificationMail(FakeComposer(), hash_of)
    assert deliver_batch(uow, job, mailer, POLICY, lambda: NOW, limit=10) == 3
    assert deliver_batch(uow, job, mailer, POLICY, lambda: NOW, limit=10) == 0
    assert len(mailer.sent) == 3
    for n, rows in enumerate(mailer.handed_over_rows):
        # at each hand-over: this message stamped, the one before already recorded as sent
        being_sent = mailer.sent[n].message_id.strip("<>").split("@")[0]
        assert rows[being_sent]["handover_at"] == NOW
        if n:
            before = mailer.sent[n - 1].message_id.strip("<>").split("@")[0]
            assert rows[before]["status"] == "sent"
    assert {row(uow, n)["status"] for n in created} == {"sent"}
    assert len(uow.events("notification-sent")) == 3


def people_told_of_one_decision(count: int):
    """A fake unit of work with `count` contacts p0@..., one decision's notifications queued
    for them; returns (uow, their ids, the notifications)."""
    uow, people = FakeUnitOfWork(), [new_id() for _ in range(count)]
    for n, person in enumerate(people):
        uow.contacts.save(contact(person, email=f"p{n}@example.org"))
    created = record_notifications(uow, "outcome-published",
                                   published(new_id(), [link(p) for p in people]), hash_of, NOW)
    return uow, people, created


def test_a_batch_composed_at_once_honours_each_ones_changes_and_sends_the_rest():
    from services.notify.service_layer.delivery import deliver_batch

    uow, people, created = people_told_of_one_decision(5)
    by_person = {n.contributor_id: n for n in created}
    uow.unsubscribes.add(hash_of("p1@example.org"), NOW)
    uow.contacts.save(contact(people[2], email="p2@example.org", consent=False))
    uow.contacts.delete(people[3])
    mailer = FakeMailer(uow)
    assert deliver_batch(uow, NotificationMail(FakeComposer(), hash_of), mailer, POLICY,
                         lambda: NOW, limit=10) == 5
    assert sorted(m.to_address for m in mailer.sent) == ["p0@example.org", "p4@example.org"]
    assert {p: row(uow, by_person[p])["status"] for p in people} == {
        people[0]: "sent", people[1]: "suppressed", people[2]: "suppressed",
        people[3]: "suppressed", people[4]: "sent"}
    assert sorted(e["reason"] for e in uow.events("notification-suppressed")) == [
        "erased", "no_consent", "unsubscribed"]
    assert len(uow.events("notification-sent")) == 2


def test_composing_a_batch_says_what_composing_each_alone_says():
    uow, people, created = people_told_of_one_decision(4)
    uow.unsubscribes.add(hash_of("p1@example.org"), NOW)
    uow.contacts.delete(people[2])
    job = NotificationMail(FakeComposer(), hash_of)
    ids = [n.notification_id for n in created]
    compose = job.composing(uow, ids)
    assert [compose(i) for i in ids] == [job.compose(uow, i) for i in ids]
    assert sorted(str(compose(i)) for i in ids if isinstance(compose(i), str)) == ["erased", "unsubscribed"]
    with pytest.raises(LookupError):
        compose("not-claimed-in-this-batch")
