"""Outcome emails that may have been delivered, and how an operator settles them.

A connection that broke after the message was handed to the mail server (or a sender that died
then) leaves an email recorded `failed` with the reason MAY_HAVE_BEEN_DELIVERED: it is never
sent again on its own. The operator looks at the mail server's log (the Message-ID is derived
from the notification, so it is the same on every attempt) and then either
- `resend`: it did not arrive; queue it again, due now (the delivery loop sends it once), or
- `close`: it did arrive; record it as sent, with its notification-sent event.
`heard mail uncertain | resend ID... | close ID...` runs these.
"""
from __future__ import annotations

from datetime import datetime

from services.common.errors import Conflict
from services.notify.domain.mail import MAY_HAVE_BEEN_DELIVERED
from services.notify.domain.notifications import QUEUED, SENT
from services.notify.service_layer.events import publish_sent
from services.notify.service_layer.unit_of_work import UnitOfWork

RESENT = "resent by an operator: the earlier attempt did not arrive"
CLOSED = "closed by an operator: the earlier attempt did arrive"


def uncertain_notifications(uow: UnitOfWork) -> list[str]:
    """Notification ids recorded as "may have been delivered", oldest attempt first."""
    return uow.queues["notification"].failed_with(MAY_HAVE_BEEN_DELIVERED)


def resend_uncertain(uow: UnitOfWork, notification_id: str, now: datetime) -> None:
    if uow.queues["notification"].settle_failed(notification_id, MAY_HAVE_BEEN_DELIVERED, QUEUED,
                                                now, RESENT) is None:
        raise _not_uncertain(notification_id)
    uow.commit()


def close_uncertain(uow: UnitOfWork, notification_id: str, now: datetime) -> None:
    attempts = uow.queues["notification"].settle_failed(notification_id, MAY_HAVE_BEEN_DELIVERED,
                                                        SENT, now, CLOSED)
    notification = uow.notifications.get(notification_id)
    if attempts is None or notification is None:
        raise _not_uncertain(notification_id)
    publish_sent(uow, notification, attempts, now)
    uow.commit()


def _not_uncertain(notification_id: str) -> Conflict:
    return Conflict(f"notification {notification_id} is not one that may have been delivered "
                    "(see heard mail uncertain)", field="notification_id")
