"""Settling an email that may have been delivered: resend (sent once more by the loop) or
close (recorded as sent); anything else is refused, naming the notification."""
from __future__ import annotations

from datetime import timedelta

import pytest

from services.common.errors import Conflict
from services.notify.domain.mail import PermanentFailure, UnknownOutcome
from services.notify.service_layer.uncertain import (
    close_uncertain, resend_uncertain, uncertain_notifications,
)
from tests.unit.notify.events import NOW
from tests.unit.notify.fakes import FakeMailer
from tests.unit.notify.test_delivery import deliver, queued, row  # noqa: F401 - queued is a fixture

LATER = timedelta(minutes=5)


def failed_uncertain(uow, notification):
    deliver(uow, FakeMailer(uow, [UnknownOutcome("connection lost during DATA")]))
    assert row(uow, notification)["status"] == "failed"
    return notification.notification_id


def test_an_uncertain_email_is_listed_and_resent_once(queued):  # noqa: F811 - the fixture
    uow, notification = queued
    notification_id = failed_uncertain(uow, notification)
    assert uncertain_notifications(uow) == [notification_id]
    resend_uncertain(uow, notification_id, NOW + LATER)
    assert uncertain_notifications(uow) == []
    mailer = FakeMailer(uow)
    assert deliver(uow, mailer, at=NOW + LATER) is True
    assert deliver(uow, mailer, at=NOW + LATER) is False  # once
    assert len(mailer.sent) == 1 and row(uow, notification)["status"] == "sent"
    assert len(uow.events("notification-sent")) == 1


def test_an_uncertain_email_closed_as_delivered_is_sent_with_its_event_and_never_resent(queued):  # noqa: F811 - the fixture
    uow, notification = queued
    notification_id = failed_uncertain(uow, notification)
    close_uncertain(uow, notification_id, NOW + LATER)
    assert row(uow, notification)["status"] == "sent" and row(uow, notification)["sent_at"] == NOW + LATER
    [event] = uow.events("notification-sent")
    assert str(event["notification_id"]) == notification_id
    mailer = FakeMailer(uow)
    assert deliver(uow, mailer, at=NOW + LATER) is False and mailer.sent == []


@pytest.mark.parametrize("settle", [resend_uncertain, close_uncertain])
def test_only_an_uncertain_email_can_be_settled(queued, settle):  # noqa: F811 - the fixture
    uow, notification = queued
    deliver(uow, FakeMailer(uow, [PermanentFailure("550 at RCPT: unknown user")]))
    with pytest.raises(Conflict) as refused:
        settle(uow, notification.notification_id, NOW)
    assert notification.notification_id in refused.value.message
    with pytest.raises(Conflict):
        settle(uow, "no-such-notification", NOW)
    assert row(uow, notification)["status"] == "failed"
