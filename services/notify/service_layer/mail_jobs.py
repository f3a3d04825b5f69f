"""The two kinds of email notify sends, as the delivery loop sees them.

Whether to send is decided again at sending time: an erasure, an unsubscribe or a consent
withdrawal that arrived after the notification was queued still stops it.
"""
from __future__ import annotations

import functools
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
        # the notifications of the batch being sent, read when it was composed: their events
        # (on_sent ...) need only ids and the key, which never change
        self._batch: dict[str, Notification] = {}

    def compose(self, uow: UnitOfWork, row_id: str) -> Mail | str:
        return self.composing(uow, [row_id])(row_id)

    def composing(self, uow: UnitOfWork, row_ids: list[str]) -> Callable[[str], Mail | str]:
        """Reads what the emails of these rows need, a query per kind of record for them all
        instead of five per email, and returns what composes each."""
        found = uow.notifications.get_many(row_ids)
        self._batch = found
        contacts = uow.contacts.get_many(sorted({n.contributor_id for n in found.values()}),
                                         "contributor")
        partners = uow.contacts.get_many(sorted({n.partner_id for n in found.values()}), "partner")
        hashes = {contact_id: self.address_hash(contact.email)
                  for contact_id, contact in contacts.items() if contact.email}
        unsubscribed = uow.unsubscribes.among(sorted(set(hashes.values())))
        summaries = uow.inputs.summaries(sorted({i for n in found.values() for i in n.input_ids}))

        def compose(row_id: str) -> Mail | str:
            notification = found.get(row_id)
            if notification is None:
                raise LookupError(f"notification {row_id} was claimed but is not stored")
            contact = contacts.get(notification.contributor_id)
            if contact is None:
                return ERASED  # known when the notification was queued, so it has been erased since
            reason = suppression_reason(contact, hashes.get(contact.contact_id) in unsubscribed)
            if reason is not None:
                return reason
            return self.composer.outcome_mail(
                notification, contact, partners.get(notification.partner_id),
                {i: summaries[i] for i in notification.input_ids if i in summaries})
        return compose

    # an update that ends a decision for a final-only contributor carries what was held for it
    def on_sent(self, uow: UnitOfWork, row_id: str, attempts: int, now: datetime) -> None:
        publish_sent(uow, self._notification(uow, row_id), attempts, now)
        settle_carried(uow, row_id, SENT, now, None, attempts)

    def on_failed(self, uow: UnitOfWork, row_id: str, attempts: int, reason: str, now: datetime) -> None:
        publish_failed(uow, self._notification(uow, row_id), attempts, reason, now)
        settle_carried(uow, row_id, FAILED, now, reason, attempts)

    def on_suppressed(self, uow: UnitOfWork, row_id: str, reason: str, now: datetime) -> None:
        publish_suppressed(uow, self._notification(uow, row_id), reason, now)
        settle_carried(uow, row_id, SUPPRESSED, now, reason)

    def _notification(self, uow: UnitOfWork, row_id: str) -> Notification:
        kept = self._batch.get(row_id)
        return kept if kept is not None else _notification(uow, row_id)


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

    def composing(self, uow: UnitOfWork, row_ids: list[str]) -> Callable[[str], Mail | str]:
        return functools.partial(self.compose, uow)  # a few a day: one at a time

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
