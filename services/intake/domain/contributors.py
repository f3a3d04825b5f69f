"""Contributors: the only people in the system. Pseudonymous id, optional contact details, consent.

Consent is never overwritten: every change adds a ConsentRecord with its time and method.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

CONSENT_METHODS = ("written", "verbal", "online")
# how a withdrawal is recorded when the person pressed the link in one of notify's emails
UNSUBSCRIBE_LINK = "unsubscribe link"
CONSENT_FLAGS = ("contact_about_outcomes", "quote_anonymously")
CONTACT_FIELDS = ("email", "preferred_name", "language", "accessible_format", "email_frequency")
# the partner's own reference for its records: the partner's data, unique per partner, never in
# an event or a log line (nobody outside intake needs it)
REFERENCE_FIELDS = ("partner_ref",)
EACH_UPDATE = "each_update"


class ContributorErased(Exception):
    """The contributor asked to be erased; their record can no longer be changed."""


class PartnerRefTaken(Exception):
    """Another contributor of the same partner already has this partner_ref."""


@dataclass(frozen=True)
class ConsentRecord:
    contact_about_outcomes: bool
    quote_anonymously: bool
    consent_method: str
    recorded_at: datetime


@dataclass(frozen=True)
class Contributor:
    contributor_id: str
    partner_id: str
    email: str | None
    preferred_name: str | None
    contact_about_outcomes: bool
    quote_anonymously: bool
    consent_method: str
    language: str
    accessible_format: str
    created_at: datetime
    updated_at: datetime
    # or "daily_digest" (notify groups a day's news in one email) or "final_outcome" (notify
    # holds a decision's news until its implementation ends)
    email_frequency: str = EACH_UPDATE
    erased_at: datetime | None = None
    partner_ref: str | None = None
    consent_history: tuple[ConsentRecord, ...] = field(default=(), compare=False)

    @property
    def erased(self) -> bool:
        return self.erased_at is not None

    def consent_record(self) -> ConsentRecord:
        return ConsentRecord(self.contact_about_outcomes, self.quote_anonymously,
                             self.consent_method, self.updated_at)


@dataclass(frozen=True)
class Change:
    """What a change did: the new state, and which kinds of thing moved (they trigger events)."""
    contributor: Contributor
    contact_changed: bool  # address, name, language or format: notify needs to know
    flags_changed: bool  # consent flags: decisions and notify need to know
    consent_recorded: bool  # flags or consent method: a new entry in the consent history
    reference_changed: bool = False  # the partner's own reference: intake's record only


def change(contributor: Contributor, changes: dict[str, Any], now: datetime) -> Change:
    """Apply a partial update. `changes` may hold contact fields, consent flags, consent_method."""
    if contributor.erased:
        raise ContributorErased(contributor.contributor_id)
    updated = replace(contributor, **changes)

    def moved(names: tuple[str, ...]) -> bool:
        return any(getattr(updated, name) != getattr(contributor, name) for name in names)

    result = Change(replace(updated, updated_at=now), contact_changed=moved(CONTACT_FIELDS),
                    flags_changed=moved(CONSENT_FLAGS),
                    consent_recorded=moved((*CONSENT_FLAGS, "consent_method")),
                    reference_changed=moved(REFERENCE_FIELDS))
    if not (result.contact_changed or result.consent_recorded or result.reference_changed):
        return Change(contributor, False, False, False)
    return result


def erase(contributor: Contributor, now: datetime) -> Contributor:
    """Forget who they are and how to reach them; keep the pseudonymous id and their input (and
    the partner's own reference, which is the partner's data: it finds the erased record)."""
    return replace(contributor, email=None, preferred_name=None, contact_about_outcomes=False,
                   quote_anonymously=False, updated_at=now, erased_at=now)
