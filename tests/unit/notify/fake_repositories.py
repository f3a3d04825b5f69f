"""In-memory repositories that subclass notify's real storage interfaces."""
from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime

from services.notify.adapters.repositories import (
    Claim, ContactRepository, ContributorDigestRepository, DigestRepository, InputSummaryRepository, MailQueue,
    NotificationQuery, NotificationRepository, PartnerOutcomeRepository, StaleClaim,
    UnsubscribeRepository,
)
from services.notify.domain.contacts import Contact
from services.notify.domain.digests import PartnerOutcome
from services.notify.domain.final_outcome import ends_implementation
from services.notify.domain.partner_digest import PartnerUpdate, relay_items
from services.notify.domain.notifications import (
    FAILED, HELD, QUEUED, SENDING, SENT, SUPPRESSED, Notification,
)

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

    def contributors_with_email(self):
        return [c for c in self.rows.values() if c.kind == "contributor" and c.email]


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
        if not self._ours(claim):
            return False
        self.rows[claim.row_id]["handover_at"] = now
        return True

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

    def failed_with(self, reason_prefix):
        return [key for key, r in sorted(self.rows.items(), key=lambda kv: (kv[1]["last_attempt_at"], kv[0]))
                if r["status"] == FAILED and (r["reason"] or "").startswith(reason_prefix)]

    def settle_failed(self, row_id, reason_prefix, status, now, reason):
        if row_id not in self.failed_with(reason_prefix):
            return None
        row = self.rows[row_id]
        row.update(status=status, reason=reason, next_attempt_at=now if status == QUEUED else None)
        if status == SENT:
            row["sent_at"] = now
        return row["attempts"]

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
                if r["contributor_id"] == contributor_id and r["status"] in (QUEUED, HELD)]

    def suppress_queued(self, notification_id, reason):
        row = self.rows[notification_id]
        if row["status"] not in (QUEUED, HELD):
            return False
        row.update(status=SUPPRESSED, reason=reason, next_attempt_at=None)
        return True

    def implementation_ended(self, decision_id):
        return any(ends_implementation(r["trigger"], r["content"].get("status"))
                   for r in self.rows.values() if r["decision_id"] == decision_id)

    def page(self, query: NotificationQuery):
        raise NotImplementedError("listing is tested against real databases")

    def count(self, query: NotificationQuery):
        raise NotImplementedError("listing is tested against real databases")


class FakePartnerOutcomes(PartnerOutcomeRepository):
    def __init__(self, notification_rows: dict[str, dict] | None = None):
        self.rows: dict[tuple[str, str], PartnerOutcome] = {}
        self.updates: dict[tuple[str, str, str], PartnerUpdate] = {}
        self.notification_rows = {} if notification_rows is None else notification_rows
        # (partner_id, answered_at, comment): what the outcome page would have stored
        self.answers: list[tuple[str, datetime, str | None]] = []

    def add(self, outcome):
        self.rows.setdefault((outcome.partner_id, outcome.decision_id), outcome)

    def in_window(self, partner_id, start, end):
        return sorted((o for o in self.rows.values()
                       if o.partner_id == partner_id and start <= o.published_at < end),
                      key=lambda o: (o.published_at, o.decision_id))

    def add_update(self, update):
        self.updates.setdefault((update.partner_id, update.decision_id, update.trigger_ref), update)

    def updates_in_window(self, partner_id, start, end):
        return sorted((u for u in self.updates.values()
                       if u.partner_id == partner_id and start <= u.occurred_at < end),
                      key=lambda u: (u.occurred_at, u.decision_id, u.trigger_ref))

    def relays_in_window(self, partner_id, start, end):
        return relay_items([
            {**r, "title": r["content"]["title"], "public_url": r["content"]["public_url"],
             "occurred_at": r["created_at"]} for r in self.notification_rows.values()
            if r["partner_id"] == partner_id
            and ((r["status"] == SUPPRESSED and r["reason"] == "no_email") or r["status"] == FAILED)
            and start <= (r["last_attempt_at"] or r["created_at"]) < end])

    def answer_counts(self, partner_id, start, end):
        mine = [comment for p, at, comment in self.answers if p == partner_id and start <= at < end]
        return len(mine), sum(1 for comment in mine if comment)


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


class FakeContributorDigests(ContributorDigestRepository):
    """Holding, releasing and carrying; planning and sending digests are tested against SQL."""

    def __init__(self, notification_rows: dict[str, dict], contacts: FakeContacts | None = None):
        self.notification_rows = notification_rows
        self.contacts = contacts or FakeContacts()

    def waiting(self, before):
        return sorted({(r["contributor_id"], r["partner_id"]) for r in self.notification_rows.values()
                       if r["status"] == HELD and r["digest_id"] is None and r["created_at"] < before
                       and (c := self.contacts.get(r["contributor_id"], "contributor")) is not None
                       and c.wants_digest})

    def carry(self, carrier_id, contributor_id, decision_id):
        carried = [r for r in self.notification_rows.values()
                   if (r["contributor_id"], r["decision_id"], r["status"], r["digest_id"])
                   == (contributor_id, decision_id, HELD, None)]
        for row in carried:
            row["digest_id"] = carrier_id
        return len(carried)

    def release(self, contributor_id, now):
        released = 0
        for row in self.notification_rows.values():
            if row["contributor_id"] == contributor_id and row["status"] == HELD and row["digest_id"] is None:
                row.update(status=QUEUED, next_attempt_at=now)
                released += 1
        return released

    def add_if_new(self, digest_id, contributor_id, partner_id, day, now):
        raise NotImplementedError("tested against real databases")

    def gather(self, digest_id, contributor_id, before):
        raise NotImplementedError("tested against real databases")

    def get(self, digest_id):
        raise NotImplementedError("tested against real databases")

    def carried(self, digest_id):
        rows = sorted((r for r in self.notification_rows.values()
                       if r["digest_id"] == digest_id and r["status"] == HELD),
                      key=lambda r: (r["created_at"], r["notification_id"]))
        return [Notification(**{k: r[k] for k in _NOTIFICATION_FIELDS}) for r in rows]

    def settle(self, digest_id, status, now, reason):
        carried = self.carried(digest_id)
        for notification in carried:
            self.notification_rows[notification.notification_id].update(
                status=status, reason=reason, last_attempt_at=now, sent_at=now if status == SENT else None)
        return carried
