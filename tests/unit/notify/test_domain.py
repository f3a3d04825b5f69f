"""Notify's plain-Python rules."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from services.notify.domain.contacts import suppression_reason
from services.notify.domain.digests import due_window, window_for
from services.notify.domain.mail import scrub
from services.notify.domain.notifications import decision_event, links_by_contributor, notification_id
from services.notify.domain.retry import RetryPolicy
from tests.unit.notify.events import link, new_id, progress, published, revised
from tests.unit.notify.fakes import contact


def test_consent_comes_first_then_an_address_then_the_unsubscribe_list():
    assert suppression_reason(None, unsubscribed=False) == "no_email"
    assert suppression_reason(contact("c", consent=False, email=None), unsubscribed=True) == "no_consent"
    assert suppression_reason(contact("c", email=None), unsubscribed=False) == "no_email"
    assert suppression_reason(contact("c"), unsubscribed=True) == "unsubscribed"
    assert suppression_reason(contact("c"), unsubscribed=False) is None


def test_back_off_doubles_up_to_the_cap_and_gives_up_after_the_last_attempt():
    policy, now = RetryPolicy(base_seconds=1, cap_seconds=3600, max_attempts=10), datetime.now(UTC)
    assert [policy.delay(n).total_seconds() for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert RetryPolicy(base_seconds=1000, cap_seconds=3600).delay(5) == timedelta(hours=1)
    assert policy.next_attempt_at(9, now) == now + timedelta(seconds=256)
    assert policy.next_attempt_at(10, now) is None


def test_each_decision_event_has_its_own_key():
    decision_id, entry_id, person = new_id(), new_id(), new_id()
    links = [link(person), link(None)]
    assert decision_event("outcome-published", published(decision_id, links)).trigger_ref == "revision-1"
    revision = decision_event("outcome-revised", revised(decision_id, links, 3, [links[0]["input_id"]]))
    assert (revision.trigger, revision.trigger_ref) == ("revised", "revision-3")
    assert revision.facts["revision_reason"] == "Hours changed." and revision.links[0]["changed"]
    update = decision_event("progress-updated", progress(decision_id, links, entry_id))
    assert (update.trigger, update.trigger_ref) == ("progress", f"progress-{entry_id}")
    assert list(links_by_contributor(update)) == [person]
    assert notification_id(decision_id, "revision-1", person) == notification_id(decision_id, "revision-1", person)
    assert notification_id(decision_id, "revision-1", person) != notification_id(decision_id, "revision-2", person)


def test_a_digest_window_is_the_24_hours_before_the_digest_hour():
    assert due_window(datetime(2025, 6, 10, 16, 59, tzinfo=UTC), 17) is None
    window = due_window(datetime(2025, 6, 10, 17, 0, tzinfo=UTC), 17)
    assert window == window_for(date(2025, 6, 10), 17)
    assert (window.start, window.end) == (datetime(2025, 6, 9, 17, tzinfo=UTC),
                                          datetime(2025, 6, 10, 17, tzinfo=UTC))


def test_mail_server_replies_lose_any_address_they_echo():
    assert scrub("550 5.1.1 <sam@example.org>: Recipient\r\n address rejected") == \
        "550 5.1.1 <address>: Recipient address rejected"
    assert "ali@example.org" not in scrub("user ali@example.org unknown")
