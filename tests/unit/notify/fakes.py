"""Fakes for notify's unit tests: a unit of work over in-memory repositories, and a mailer."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from services.notify.adapters.repositories import MailQueue
from services.notify.domain.contacts import Contact
from services.notify.domain.mail import Mail, Mailer
from services.notify.service_layer.unit_of_work import UnitOfWork
from tests.support.fake_unit_of_work import FakeUnitOfWork as BaseFakeUnitOfWork
from tests.unit.notify.fake_repositories import (
    FakeContacts, FakeContributorDigests, FakeDigests, FakeInputs, FakeMailQueue, FakeNotifications,
    FakePartnerOutcomes, FakeUnsubscribes,
)


class FakeUnitOfWork(BaseFakeUnitOfWork):
    """One shared state; `uow_factory` hands out the same object, as the SQL one shares a DB."""

    def __init__(self) -> None:
        super().__init__()
        self.contacts = FakeContacts()
        self.inputs = FakeInputs()
        self.unsubscribes = FakeUnsubscribes()
        self.notifications = FakeNotifications()
        self.partner_outcomes = FakePartnerOutcomes(self.notifications.rows)
        self.digests = FakeDigests()
        self.contributor_digests = FakeContributorDigests(self.notifications.rows, self.contacts)
        self.queues: dict[str, MailQueue] = {"notification": FakeMailQueue(self.notifications.rows),
                                             "digest": FakeMailQueue(self.digests.rows)}


if TYPE_CHECKING:  # mypy proves the fake offers what the real unit of work offers
    _satisfies_the_protocol: type[UnitOfWork] = FakeUnitOfWork


class FakeMailer(Mailer):
    """Raises the scripted failures in order, then delivers. Records what the row looked like
    at the moment of hand-over, to check the stamp was committed before the message went."""

    def __init__(self, uow: FakeUnitOfWork, failures=()):
        self.uow = uow
        self.failures = list(failures)
        self.sent: list[Mail] = []
        self.handed_over_rows: list[dict] = []

    def send(self, mail, on_handover):
        on_handover()
        self.handed_over_rows.append({k: dict(v) for k, v in self.uow.notifications.rows.items()})
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(mail)


def contact(contact_id: str, *, email: str | None = "sam@example.org", consent: bool = True,
            kind: str = "contributor", partner_id: str = "partner-1", **changes) -> Contact:
    base = Contact(contact_id=contact_id, kind=kind, partner_id=partner_id, email=email,
                   preferred_name="Sam", contact_about_outcomes=consent, daily_digest=False,
                   language="en", accessible_format="standard",
                   updated_at=datetime(2027, 3, 1, tzinfo=UTC))
    return replace(base, **changes)
