"""A contributor's daily digest, as the delivery loop sees it: one email carrying the news held
for them, grouped by decision. Each notification it carries ends as the digest does (sent,
failed or suppressed), with the same events a notification of its own would publish, so the
other services count the loop exactly as for a single email."""
from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import Protocol

from services.notify.domain.contacts import ERASED, Contact, suppression_reason
from services.notify.domain.mail import Mail
from services.notify.domain.notifications import FAILED, SENT, SUPPRESSED, Notification
from services.notify.service_layer.events import settle_carried
from services.notify.service_layer.unit_of_work import UnitOfWork

NOTHING_LEFT = "nothing left to send"  # everything it carried was suppressed meanwhile (erasure)


class DigestComposer(Protocol):
    def contributor_digest_mail(self, digest_id: str, contact: Contact, partner: Contact | None,
                                day: date, carried: list[Notification],
                                summaries: dict[str, str]) -> Mail: ...


class ContributorDigestMail:
    kind = "contributor_digest"

    def __init__(self, composer: DigestComposer, address_hash: Callable[[str], str]):
        self.composer = composer
        self.address_hash = address_hash

    def compose(self, uow: UnitOfWork, row_id: str) -> Mail | str:
        found = uow.contributor_digests.get(row_id)
        if found is None:
            raise LookupError(f"contributor digest {row_id} was claimed but is not stored")
        contributor_id, day = found
        contact = uow.contacts.get(contributor_id, "contributor")
        if contact is None:
            return ERASED
        unsubscribed = bool(contact.email and uow.unsubscribes.contains(self.address_hash(contact.email)))
        reason = suppression_reason(contact, unsubscribed)
        if reason is not None:
            return reason
        carried = uow.contributor_digests.carried(row_id)
        if not carried:
            return NOTHING_LEFT
        partner = uow.contacts.get(carried[0].partner_id, "partner")
        input_ids = sorted({i for n in carried for i in n.input_ids})
        return self.composer.contributor_digest_mail(row_id, contact, partner, day, carried,
                                                     uow.inputs.summaries(input_ids))

    def composing(self, uow: UnitOfWork, row_ids: list[str]) -> Callable[[str], Mail | str]:
        return functools.partial(self.compose, uow)  # one a day per person: one at a time

    def on_sent(self, uow: UnitOfWork, row_id: str, attempts: int, now: datetime) -> None:
        settle_carried(uow, row_id, SENT, now, None, attempts)

    def on_failed(self, uow: UnitOfWork, row_id: str, attempts: int, reason: str, now: datetime) -> None:
        settle_carried(uow, row_id, FAILED, now, reason, attempts)

    def on_suppressed(self, uow: UnitOfWork, row_id: str, reason: str, now: datetime) -> None:
        settle_carried(uow, row_id, SUPPRESSED, now, reason)
