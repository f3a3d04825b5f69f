"""The contact directory notify keeps from intake's contact topic, and who may be emailed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

NO_CONSENT = "no_consent"
NO_EMAIL = "no_email"
UNSUBSCRIBED = "unsubscribed"
ERASED = "erased"
# a contributor's choice of how often to hear (the contracts' EMAIL_FREQUENCIES)
EACH_UPDATE, DAILY_DIGEST, FINAL_OUTCOME = "each_update", "daily_digest", "final_outcome"


@dataclass(frozen=True)
class Contact:
    """kind "contributor": a person. kind "partner": an organisation (preferred_name is its name)."""
    contact_id: str
    kind: str
    partner_id: str
    email: str | None
    preferred_name: str | None
    contact_about_outcomes: bool
    daily_digest: bool
    language: str
    accessible_format: str
    updated_at: datetime
    email_frequency: str = EACH_UPDATE

    @property
    def wants_digest(self) -> bool:
        return self.kind == "contributor" and self.email_frequency == DAILY_DIGEST

    @property
    def wants_final_only(self) -> bool:
        return self.kind == "contributor" and self.email_frequency == FINAL_OUTCOME

    @property
    def holds_news(self) -> bool:
        """News for them waits (held) rather than going as it comes."""
        return self.wants_digest or self.wants_final_only


def suppression_reason(contact: Contact | None, unsubscribed: bool) -> str | None:
    """Why a contributor must not be emailed, or None if they may be.

    Consent comes first: without it, whether we hold an address does not matter. A contact we
    have never heard of counts as "no email": we cannot reach them.
    """
    if contact is None:
        return NO_EMAIL
    if not contact.contact_about_outcomes:
        return NO_CONSENT
    if not contact.email:
        return NO_EMAIL
    if unsubscribed:
        return UNSUBSCRIBED
    return None
