"""What the service layer needs from storage. SQL implementations sit next to this file;
unit tests use in-memory fakes that subclass these same interfaces."""
from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import date, datetime

from services.notify.domain.contacts import Contact
from services.notify.domain.digests import PartnerOutcome
from services.notify.domain.partner_digest import PartnerUpdate, RelayItem
from services.notify.domain.notifications import Notification


@dataclass(frozen=True)
class NotificationQuery:
    board_id: str | None = None  # None: every board's (admin)
    decision_id: str | None = None
    status: str | None = None
    after: tuple[datetime, str] | None = None  # keyset: (created_at, notification_id)
    limit: int = 50


@dataclass(frozen=True)
class Claim:
    """A row taken for sending. `claimed_at` identifies the claim: finishing checks it."""
    row_id: str
    claimed_at: datetime
    attempts: int


@dataclass(frozen=True)
class StaleClaim:
    claim: Claim
    handed_over: bool  # the message went to the server; it may have been delivered


class ContactRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, contact_id: str, kind: str) -> Contact | None: ...

    def get_many(self, contact_ids: list[str], kind: str) -> dict[str, Contact]:
        """The ones known, by id (SQL: one query per chunk instead of one per contact)."""
        found = {contact_id: self.get(contact_id, kind) for contact_id in contact_ids}
        return {contact_id: contact for contact_id, contact in found.items() if contact is not None}

    @abc.abstractmethod
    def save(self, contact: Contact) -> None:
        """Insert or replace."""

    @abc.abstractmethod
    def delete(self, contact_id: str) -> bool: ...

    @abc.abstractmethod
    def digest_partners(self) -> list[Contact]:
        """Partners that asked for a daily digest and have an address."""

    @abc.abstractmethod
    def contributors_with_email(self) -> list[Contact]:
        """Every contributor with an address (unsubscribing finds theirs by its keyed hash)."""


class InputSummaryRepository(abc.ABC):
    @abc.abstractmethod
    def save(self, input_id: str, partner_id: str, contributor_id: str | None, summary: str,
             submitted_at: datetime) -> None: ...

    @abc.abstractmethod
    def summaries(self, input_ids: list[str]) -> dict[str, str]: ...


class UnsubscribeRepository(abc.ABC):
    @abc.abstractmethod
    def contains(self, address_hash: str) -> bool: ...

    def among(self, address_hashes: list[str]) -> set[str]:
        """Which of these are unsubscribed."""
        return {address_hash for address_hash in address_hashes if self.contains(address_hash)}

    @abc.abstractmethod
    def add(self, address_hash: str, now: datetime) -> bool:
        """Idempotent; True if this call added it."""


class NotificationRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, notification: Notification) -> None: ...

    def add_many(self, notifications: list[Notification]) -> None:
        for notification in notifications:
            self.add(notification)

    @abc.abstractmethod
    def get(self, notification_id: str) -> Notification | None: ...

    def get_many(self, notification_ids: list[str]) -> dict[str, Notification]:
        """The ones stored, by id (SQL: one query per chunk instead of one per notification)."""
        found = {notification_id: self.get(notification_id) for notification_id in notification_ids}
        return {key: notification for key, notification in found.items() if notification is not None}

    def existing(self, notification_ids: list[str]) -> set[str]:
        """Which of these ids are stored."""
        return {n for n in notification_ids if self.get(n) is not None}

    @abc.abstractmethod
    def queued_for(self, contributor_id: str) -> list[Notification]:
        """Waiting to be sent (not claimed by a sender yet), or held for a digest."""

    @abc.abstractmethod
    def suppress_queued(self, notification_id: str, reason: str) -> bool:
        """Suppress a notification still waiting; False if a sender has it already."""

    @abc.abstractmethod
    def implementation_ended(self, decision_id: str) -> bool:
        """Whether a progress update recorded for this decision ended its implementation
        (domain/final_outcome.py)."""

    @abc.abstractmethod
    def page(self, query: NotificationQuery) -> list[Notification]: ...

    @abc.abstractmethod
    def count(self, query: NotificationQuery) -> int:
        """How many notifications match the query's filters over every page."""


class PartnerOutcomeRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, outcome: PartnerOutcome) -> None:
        """Idempotent per (partner, decision)."""

    @abc.abstractmethod
    def in_window(self, partner_id: str, start: datetime, end: datetime) -> list[PartnerOutcome]: ...

    # the rest of a partner's digest (domain/partner_digest.py), each for [start, end)
    @abc.abstractmethod
    def add_update(self, update: PartnerUpdate) -> None:
        """Idempotent per (partner, decision, trigger_ref)."""

    @abc.abstractmethod
    def updates_in_window(self, partner_id: str, start: datetime, end: datetime) -> list[PartnerUpdate]: ...

    @abc.abstractmethod
    def relays_in_window(self, partner_id: str, start: datetime, end: datetime) -> list[RelayItem]:
        """The partner's contributors' notifications that ended unsent for want of an address
        (suppressed, no_email) or failed, in the window, grouped per decision event."""

    @abc.abstractmethod
    def answer_counts(self, partner_id: str, start: datetime, end: datetime) -> tuple[int, int]:
        """(answers, of which with a comment or question) the partner's contributors gave or
        changed in the window."""


class DigestRepository(abc.ABC):
    @abc.abstractmethod
    def add_if_new(self, digest_id: str, partner_id: str, day: date, now: datetime) -> bool: ...

    @abc.abstractmethod
    def get(self, digest_id: str) -> tuple[str, date] | None:
        """(partner_id, day) of a digest."""


class ContributorDigestRepository(abc.ABC):
    """Contributors' daily digests and the held notifications each one carries."""

    @abc.abstractmethod
    def waiting(self, before: datetime) -> list[tuple[str, str]]:
        """(contributor_id, partner_id) of everyone who chose the daily digest and has
        notifications held since before `before` and not yet in a digest."""

    @abc.abstractmethod
    def add_if_new(self, digest_id: str, contributor_id: str, partner_id: str, day: date,
                   now: datetime) -> bool:
        """Queue the digest; False if this contributor already has one for `day`."""

    @abc.abstractmethod
    def gather(self, digest_id: str, contributor_id: str, before: datetime) -> int:
        """Put the contributor's held notifications from before `before` into the digest."""

    @abc.abstractmethod
    def get(self, digest_id: str) -> tuple[str, date] | None:
        """(contributor_id, day) of a digest."""

    @abc.abstractmethod
    def carried(self, digest_id: str) -> list[Notification]:
        """The held notifications the digest carries, oldest first."""

    @abc.abstractmethod
    def settle(self, digest_id: str, status: str, now: datetime, reason: str | None) -> list[Notification]:
        """The digest went (sent), failed or was suppressed: so did each notification it still
        carries. Returns those notifications, as they were."""

    @abc.abstractmethod
    def release(self, contributor_id: str, now: datetime) -> int:
        """Queue at once what is held for this contributor and not yet in a digest."""

    @abc.abstractmethod
    def carry(self, carrier_id: str, contributor_id: str, decision_id: str) -> int:
        """Put what is held for this contributor about this decision (and in no digest yet)
        into the email `carrier_id`, which ends the decision for them (final outcome only)."""


class MailQueue(abc.ABC):
    """The persisted send schedule of one kind of email (notifications or digests)."""

    @abc.abstractmethod
    def claim_next(self, now: datetime) -> Claim | None:
        """Take the most overdue queued row: status "sending", claimed_at now."""

    def claim_batch(self, now: datetime, limit: int) -> list[Claim]:
        """Take up to `limit` of the most overdue queued rows, most overdue first."""
        claims: list[Claim] = []
        while len(claims) < limit and (claim := self.claim_next(now)) is not None:
            claims.append(claim)
        return claims

    @abc.abstractmethod
    def mark_handover(self, claim: Claim, now: datetime) -> bool:
        """Stamp the moment before the message goes; False if the claim is no longer ours."""

    @abc.abstractmethod
    def finish(self, claim: Claim, status: str, now: datetime, *, reason: str | None = None,
               next_attempt_at: datetime | None = None, attempted: bool = True) -> int | None:
        """End a claim: sent, failed, suppressed, or queued again at next_attempt_at.
        Returns the attempts so far, or None if the claim was no longer ours."""

    @abc.abstractmethod
    def stale(self, claimed_before: datetime) -> list[StaleClaim]: ...

    @abc.abstractmethod
    def failed_with(self, reason_prefix: str) -> list[str]:
        """Ids of failed rows whose reason starts with `reason_prefix`, oldest attempt first."""

    @abc.abstractmethod
    def settle_failed(self, row_id: str, reason_prefix: str, status: str, now: datetime,
                      reason: str) -> int | None:
        """Move one failed row (its reason starting with `reason_prefix`) to `status`: queued
        (due now) or sent. Returns its attempts, or None if it is not such a row."""
