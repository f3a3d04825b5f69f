"""Turning a decision event into one notification per contributor it cites.

The consumer only records: queued notifications are sent later by the delivery loop, so a slow
mail server never holds up the consumer. What we know of a contact at this moment decides
whether they are told; a contact that arrives after the event is not told retroactively.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.notify.domain.contacts import suppression_reason
from services.notify.domain.digests import partner_outcomes
from services.notify.domain.notifications import (
    Notification, decision_event, links_by_contributor, new_notification, notification_id,
)
from services.notify.service_layer.events import publish_suppressed
from services.notify.service_layer.unit_of_work import UnitOfWork


def record_notifications(uow: UnitOfWork, event_type: str, payload: dict[str, Any],
                         address_hash: Callable[[str], str], now: datetime) -> list[Notification]:
    """Returns the notifications created (a key seen before creates nothing)."""
    event = decision_event(event_type, payload)
    created = []
    for contributor_id, links in links_by_contributor(event).items():
        if uow.notifications.get(notification_id(event.decision_id, event.trigger_ref,
                                                 contributor_id)) is not None:
            continue  # the same decision event again (a new event id): never a second email
        contact = uow.contacts.get(contributor_id, "contributor")
        unsubscribed = bool(contact and contact.email
                            and uow.unsubscribes.contains(address_hash(contact.email)))
        notification = new_notification(event, contributor_id, links,
                                        suppression_reason(contact, unsubscribed), now,
                                        held=bool(contact and contact.wants_digest))
        uow.notifications.add(notification)
        if notification.reason is not None:
            publish_suppressed(uow, notification, notification.reason, now)
        created.append(notification)
    if event.trigger == "published":
        for outcome in partner_outcomes(event):
            uow.partner_outcomes.add(outcome)
    return created
