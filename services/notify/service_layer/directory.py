"""Keeping the contact directory and input summaries, erasure, and unsubscribing."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from services.notify.domain.contacts import EACH_UPDATE, ERASED, Contact
from services.notify.service_layer.events import UNSUBSCRIBED, publish_suppressed
from services.notify.service_layer.unit_of_work import UnitOfWork


def apply_contact(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    """Insert or update a contact from the compacted topic; an older version never wins."""
    contact = Contact(
        contact_id=str(payload["contact_id"]), kind=payload["kind"],
        partner_id=str(payload["partner_id"]), email=payload["email"],
        preferred_name=payload["preferred_name"],
        contact_about_outcomes=payload["contact_about_outcomes"],
        daily_digest=payload["daily_digest"], language=payload["language"],
        accessible_format=payload["accessible_format"], updated_at=payload["updated_at"],
        email_frequency=payload.get("email_frequency", EACH_UPDATE))  # optional field
    existing = uow.contacts.get(contact.contact_id, contact.kind)
    if existing is not None and existing.updated_at > contact.updated_at:
        return
    uow.contacts.save(contact)
    if existing is not None and existing.holds_news and not contact.holds_news:
        # back to one email per update: what waits for a digest not yet planned, or for a
        # decision's end, goes now
        uow.contributor_digests.release(contact.contact_id, contact.updated_at)


def erase_contact(uow: UnitOfWork, contact_id: str, now: datetime) -> int:
    """A tombstone: forget the contact (the only row holding their address and name) and
    suppress what was still waiting to be sent to them. Returns how many were suppressed."""
    uow.contacts.delete(contact_id)
    suppressed = 0
    for notification in uow.notifications.queued_for(contact_id):
        if uow.notifications.suppress_queued(notification.notification_id, ERASED):
            publish_suppressed(uow, notification, ERASED, now)
            suppressed += 1
    return suppressed


def record_input(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    """Summaries let an email say what the contributor told us. They are not contact details."""
    contributor_id = payload["contributor_id"]
    uow.inputs.save(str(payload["input_id"]), str(payload["partner_id"]),
                    None if contributor_id is None else str(contributor_id),
                    payload["summary"], payload["submitted_at"])


def unsubscribe(uow: UnitOfWork, address_hash: str, now: datetime,
                hash_of: Callable[[str], str]) -> bool:
    """Idempotent. Stored as a keyed hash of the address, so erasure has nothing to scrub here.
    Every contributor whose address it is hears of it in intake, as a consent change (again on
    a second press: intake changes nothing then)."""
    added = uow.unsubscribes.add(address_hash, now)
    for contact in uow.contacts.contributors_with_email():
        if contact.email and hash_of(contact.email) == address_hash:
            uow.publish(UNSUBSCRIBED, {"contributor_id": contact.contact_id,
                                       "partner_id": contact.partner_id, "unsubscribed_at": now})
    uow.commit()
    return added
