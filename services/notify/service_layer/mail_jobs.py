"""The two kinds of email notify sends, as the delivery loop sees them.

Whether to send is decided again at sending time: an erasure, an unsubscribe or a consent
withdrawal that arrived after the notification was queued still stops it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from services.notify.domain.contacts import (
    ERASED, NO_CONSENT, NO_EMAIL, UNSUBSCRIBED, Contact, suppression_reason,
)
from services.notify.domain.partner_digest import PartnerDigest
from services.notify.domain.mail import Mail
from services.notify.domain.notifications import Notification
from services.notify.domain.notifications import FAILED, SENT, SUPPRESSED
from services.notify.service_layer.events import (
    publish_failed, publish_sent, publish_suppressed, settle_carried,
)
from services.notify.service_layer.digests import partner_digest
from services.notify.service_layer.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


class Composer(Protocol):
    def outcome_mail(self, notification: Notification, contact: Contact, partner: Contact | None,
                     summaries: dict[str, str]) -> Mail: ...

    def digest_mail(self, digest_id: str, partner: Contact, digest: PartnerDigest) -> Mail: ...


class NotificationMail:
    kind = "notification"

    def __init__(self, composer: Composer, address_hash: Callable[[str], str]):
        self.composer = composer
        self.address_hash = address_hash

    def compose(self, uow: UnitOfWork, row_id: str) -> Mail | str:
        notification = _notification(uow, row_id)
        contact = uow.contacts.get(notification.contributor_id, "contributor")
        if contact is None:
            return ERASED  # known when the notification was queued, so it has been erased since
        unsubscribed = bool(contact.email and uow.unsubscribes.contains(self.address_hash(contact.email)))
        reason = suppression_reason(contact, unsubscribed)
        if reason is not None:
            return reason
        partner = uow.contacts.get(notification.partner_id, "partner")
        summaries = uow.inputs.summaries(notification.input_ids)
        return self.composer.outcome_mail(notification, contact, partner, summaries)

    # an update that ends a decision for a final-only contributor carries what was held for it
    def on_sent(self, uow: UnitOfWork, row_id: str, attempts: int, now: datetime) -> None:
        publish_sent(uow, _notification(uow, row_id), attempts, now)
        settle_carried(uow, row_id, SENT, now, None, attempts)

    def on_failed(self, uow: UnitOfWork, row_id: str, attempts: int, reason: str, now: datetime) -> None:
        publish_failed(uow, _notification(uow, row_id), attempts, reason, now)
        settle_carried(uow, row_id, FAILED, now, reason, attempts)

    def on_suppressed(self, uow: UnitOfWork, row_id: str, reason: str, now: datetime) -> None:
        publish_suppressed(uow, _notification(uow, row_id), reason, now)
        settle_carried(uow, row_id, SUPPRESSED, now, reason)


class DigestMail:
    """Digests go to organisations, and no other service counts them: no events."""
    kind = "digest"

    def __init__(self, composer: Composer, address_hash: Callable[[str], str], digest_hour: int):
        self.composer = composer
        self.address_hash = address_hash
        self.digest_hour = digest_hour

    def compose(self, uow: UnitOfWork, row_id: str) -> Mail | str:
        found = uow.digests.get(row_id)
        if found is None:
            raise LookupError(f"digest {row_id} was claimed but is not stored")
        partner_id, day = found
        partner = uow.contacts.get(partner_id, "partner")
        if partner is None:
            return ERASED
        if not partner.daily_digest:
            return NO_CONSENT
        if not partner.email:
            return NO_EMAIL
        if uow.unsubscribes.contains(self.address_hash(partner.email)):
            return UNSUBSCRIBED
        return self.composer.digest_mail(row_id, partner, partner_digest(uow, partner_id, day, self.digest_hour))

    def on_sent(self, uow: UnitOfWork, row_id: str, attempts: int, now: datetime) -> None:
        log.info("digest %s sent after %d attempt(s)", row_id, attempts)

    def on_failed(self, uow: UnitOfWork, row_id: str, attempts: int, reason: str, now: datetime) -> None:
        log.warning("digest %s failed: %s", row_id, reason)

    def on_suppressed(self, uow: UnitOfWork, row_id: str, reason: str, now: datetime) -> None:
        log.info("digest %s not sent: %s", row_id, reason)


def _notification(uow: UnitOfWork, row_id: str) -> Notification:
    notification = uow.notifications.get(row_id)
    if notification is None:
        raise LookupError(f"notification {row_id} was claimed but is not stored")
    return notification
