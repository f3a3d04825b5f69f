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
from services.notify.domain.partner_digest import partner_updates
from services.notify.domain.final_outcome import HOLD, SEND_AND_CARRY, final_only_step
from services.notify.domain.notifications import (
    Notification, decision_event, links_by_contributor, new_notification, notification_id,
)
from services.notify.domain.notifications import SUPPRESSED
from services.notify.service_layer.events import publish_suppressed, settle_carried
from services.notify.service_layer.unit_of_work import UnitOfWork


def record_notifications(uow: UnitOfWork, event_type: str, payload: dict[str, Any],
                         address_hash: Callable[[str], str], now: datetime) -> list[Notification]:
    """Returns the notifications created (a key seen before creates nothing). The contributors'
    records are read and the notifications written a whole event at a time, not one by one."""
    if event_type == "outcome-revised" and payload.get("corrected") and not payload["changed_input_ids"]:
        # a correction of the decision's wording only: no input's outcome changed, so nobody is
        # emailed (the public page, which every email links to, shows the correction and why)
        return []
    event = decision_event(event_type, payload)
    by_contributor = links_by_contributor(event)
    ids = {contributor_id: notification_id(event.decision_id, event.trigger_ref, contributor_id)
           for contributor_id in by_contributor}
    # the same decision event again (a new event id): never a second email
    seen = uow.notifications.existing(list(ids.values()))
    fresh = [contributor_id for contributor_id in by_contributor if ids[contributor_id] not in seen]
    contacts = uow.contacts.get_many(fresh, "contributor")
    hashes = {contributor_id: address_hash(contact.email)
              for contributor_id, contact in contacts.items() if contact.email}
    unsubscribed = uow.unsubscribes.among(sorted(set(hashes.values())))
    final_only = {cid for cid, contact in contacts.items() if contact.wants_final_only}
    step = final_only_step(event, bool(final_only) and uow.notifications.implementation_ended(event.decision_id))
    created, carrying = [], []
    for contributor_id in fresh:
        contact = contacts.get(contributor_id)
        held = bool(contact and contact.wants_digest) or (contributor_id in final_only and step == HOLD)
        created.append(new_notification(
            event, contributor_id, by_contributor[contributor_id],
            suppression_reason(contact, hashes.get(contributor_id) in unsubscribed), now, held=held))
        if contributor_id in final_only and step == SEND_AND_CARRY:
            carrying.append(created[-1])
    uow.notifications.add_many(created)
    for final in carrying:
        # the news held for this decision goes with the email that ends it, and ends as it does
        uow.contributor_digests.carry(final.notification_id, final.contributor_id, final.decision_id)
    for notification in created:
        if notification.reason is not None:
            publish_suppressed(uow, notification, notification.reason, now)
            settle_carried(uow, notification.notification_id, SUPPRESSED, now, notification.reason)
    if event.trigger == "published":
        for outcome in partner_outcomes(event):
            uow.partner_outcomes.add(outcome)
    else:
        for update in partner_updates(event):
            uow.partner_outcomes.add_update(update)
    return created
