"""In-memory fakes that subclass notify's real storage and mailer interfaces."""
from __future__ import annotations

from dataclasses import asdict, fields, replace
from datetime import UTC, date, datetime

from services.notify.adapters.repositories import (
    Claim, ContactRepository, DigestRepository, InputSummaryRepository, MailQueue,
    NotificationQuery, NotificationRepository, PartnerOutcomeRepository, StaleClaim,
    UnsubscribeRepository,
)
from services.notify.domain.contacts import Contact
from services.notify.domain.digests import PartnerOutcome
from services.notify.domain.mail import Mail, Mailer
from services.notify.domain.notifications import QUEUED, SENDING, SENT, SUPPRESSED, Notification

_NOTIFICATION_FIELDS = [f.name for f in fields(Notification)]


class FakeContacts(ContactRepository):
    def __init__(self):
        self.rows: dict[str, Contact] = {}

    def get(self, contact_id, kind):
        contact = self.rows.get(contact_id)
        return contact if contact is not None and contact.kind == kind else None

    def save(self, contact):
        self.rows[contact.contact_id] = contact

    def delete(self, contact_id):
        return self.rows.pop(contact_id, None) is not None

    def digest_partners(self):
        return [c for c in self.rows.values() if c.kind == "partner" and c.daily_digest and c.email]


class FakeInputs(InputSummaryRepository):
    def __init__(self):
        self.rows: dict[str, str] = {}

    def save(self, input_id, partner_id, contributor_id, summary, submitted_at):
        self.rows[input_id] = summary

    def summaries(self, input_ids):
        return {i: self.rows[i] for i in input_ids if i in self.rows}


class FakeUnsubscribes(UnsubscribeRepository):
    def __init__(self):
        self.hashes: set[str] = set()

    def contains(self, address_hash):
        return address_hash in self.hashes

    def add(self, address_hash, now):
        added = address_hash not in self.hashes
        self.hashes.add(address_hash)
        return added


class FakeMailQueue(MailQueue):
    """Rows are dicts with the delivery columns, shared with the repository that owns them."""

    def __init__(self, rows: dict[str, dict]):
        self.rows = rows

    def claim_next(self, now):
        due = sorted((r["next_attempt_at"], key) for key, r in self.rows.items()
                     if r["status"] == QUEUED and r["next_attempt_at"] <= now)
        if not due:
            return None
        row = self.rows[due[0][1]]
        row.update(status=SENDING, claimed_at=now, handover_at=None)
        return Claim(due[0][1], now, row["attempts"])

    def mark_handover(self, claim, now):
        if self._ours(claim):
            self.rows[claim.row_id]["handover_at"] = now

    def finish(self, claim, status, now, *, reason=None, next_attempt_at=None, attempted=True):
        if not self._ours(claim):
            return None
        row = self.rows[claim.row_id]
        attempts = claim.attempts + (1 if attempted else 0)
        row.update(status=status, reason=reason, next_attempt_at=next_attempt_at, attempts=attempts,
                   claimed_at=None, handover_at=None)
        if attempted:
            row["last_attempt_at"] = now
        if status == SENT:
            row["sent_at"] = now
        return attempts

    def stale(self, claimed_before):
        return [StaleClaim(Claim(key, r["claimed_at"], r["attempts"]), r["handover_at"] is not None)
                for key, r in sorted(self.rows.items())
                if r["status"] == SENDING and r["claimed_at"] < claimed_before]

    def _ours(self, claim):
        row = self.rows.get(claim.row_id)
        return row is not None and row["status"] == SENDING and row["claimed_at"] == claim.claimed_at


class FakeNotifications(NotificationRepository):
    def __init__(self):
        self.rows: dict[str, dict] = {}

    def add(self, notification):
        self.rows[notification.notification_id] = {**asdict(notification), "claimed_at": None,
                                                   "handover_at": None}

    def get(self, notification_id):
        row = self.rows.get(notification_id)
        return None if row is None else Notification(**{k: row[k] for k in _NOTIFICATION_FIELDS})

    def queued_for(self, contributor_id):
        return [self.get(k) for k, r in sorted(self.rows.items())
                if r["contributor_id"] == contributor_id and r["status"] == QUEUED]

    def suppress_queued(self, notification_id, reason):
        row = self.rows[notification_id]
        if row["status"] != QUEUED:
            return False
        row.update(status=SUPPRESSED, reason=reason, next_attempt_at=None)
        return True

    def page(self, query: NotificationQuery):
        raise NotImplementedError("listing is tested against real databases")


class FakePartnerOutcomes(PartnerOutcomeRepository):
    def __init__(self):
        self.rows: dict[tuple[str, str], PartnerOutcome] = {}

    def add(self, outcome):
        self.rows.setdefault((outcome.partner_id, outcome.decision_id), outcome)

    def in_window(self, partner_id, start, end):
        return sorted((o for o in self.rows.values()
                       if o.partner_id == partner_id and start <= o.published_at < end),
                      key=lambda o: (o.published_at, o.decision_id))


class FakeDigests(DigestRepository):
    def __init__(self):
        self.rows: dict[str, dict] = {}

    def add_if_new(self, digest_id, partner_id, day: date, now: datetime):
        if any(r["partner_id"] == partner_id and r["digest_date"] == day for r in self.rows.values()):
            return False
        self.rows[digest_id] = {"partner_id": partner_id, "digest_date": day, "status": QUEUED,
                                "attempts": 0, "next_attempt_at": now, "claimed_at": None,
                                "handover_at": None, "reason": None}
        return True

    def get(self, digest_id):
        row = self.rows.get(digest_id)
        return None if row is None else (row["partner_id"], row["digest_date"])


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
