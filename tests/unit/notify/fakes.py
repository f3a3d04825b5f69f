"""Fakes for notify's unit tests: a unit of work over in-memory repositories, and a mailer."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from services.notify.domain.contacts import Contact
from services.notify.domain.mail import Mail, Mailer
from tests.unit.notify.fake_repositories import (
    FakeContacts, FakeDigests, FakeInputs, FakeMailQueue, FakeNotifications, FakePartnerOutcomes,
    FakeUnsubscribes,
)


class FakeUnitOfWork:
    """One shared state; `uow_factory` hands out the same object, as the SQL one shares a DB."""

    def __init__(self):
        self.contacts = FakeContacts()
        self.inputs = FakeInputs()
        self.unsubscribes = FakeUnsubscribes()
        self.notifications = FakeNotifications()
        self.partner_outcomes = FakePartnerOutcomes()
        self.digests = FakeDigests()
        self.queues = {"notification": FakeMailQueue(self.notifications.rows),
                       "digest": FakeMailQueue(self.digests.rows)}
        self.published: list[tuple[str, dict]] = []
        self.commits = 0

    def __call__(self, correlation_id=None):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None

    def commit(self):
        self.commits += 1

    def publish(self, contract, payload):
        self.published.append((contract.event_type, contract.load(contract.build(payload))))

    def events(self, event_type):
        return [payload for name, payload in self.published if name == event_type]


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
