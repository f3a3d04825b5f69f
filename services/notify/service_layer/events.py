"""The events notify publishes. Ids, the notification key and the outcome: never an address."""
from __future__ import annotations

from datetime import datetime

from services.common.contracts.registry import contract_for
from services.notify.domain import notifications as status
from services.notify.domain.notifications import Notification, event_facts
from services.notify.service_layer.unit_of_work import UnitOfWork

SENT = contract_for("notify", "notification-sent", 1)
FAILED = contract_for("notify", "notification-failed", 1)
SUPPRESSED = contract_for("notify", "notification-suppressed", 1)
UNSUBSCRIBED = contract_for("notify", "contributor-unsubscribed", 1)


def publish_sent(uow: UnitOfWork, notification: Notification, attempts: int, now: datetime) -> None:
    uow.publish(SENT, {**event_facts(notification), "sent_at": now, "attempts": attempts})


def publish_failed(uow: UnitOfWork, notification: Notification, attempts: int, reason: str,
                   now: datetime) -> None:
    uow.publish(FAILED, {**event_facts(notification), "failed_at": now, "attempts": attempts,
                         "reason": reason[:500]})


def publish_suppressed(uow: UnitOfWork, notification: Notification, reason: str, now: datetime) -> None:
    uow.publish(SUPPRESSED, {**event_facts(notification), "suppressed_at": now, "reason": reason})


def settle_carried(uow: UnitOfWork, carrier_id: str, outcome: str, now: datetime,
                   reason: str | None = None, attempts: int = 0) -> int:
    """The email `carrier_id` (a contributor digest, or the update that ends a decision for a
    final-only contributor) was sent, failed or suppressed: so is each held notification it
    carries, each with its own event. Returns how many."""
    carried = uow.contributor_digests.settle(carrier_id, outcome, now, reason)
    for notification in carried:
        if outcome == status.SENT:
            publish_sent(uow, notification, attempts, now)
        elif outcome == status.FAILED:
            publish_failed(uow, notification, attempts, reason or "", now)
        else:
            publish_suppressed(uow, notification, reason or "", now)
    return len(carried)
