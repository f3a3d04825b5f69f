"""Whom a partner must tell an outcome in person: the relay list's rule, in one place.

A contributor who wants to hear about outcomes but cannot be emailed (no address, or the email
failed for good) is told by their partner, who then records how. Someone who did not want to
hear is never on the list, nor is anonymous input (nobody to tell)."""
from __future__ import annotations

from services.intake.domain.contributors import Contributor
from services.intake.domain.outcomes import FAILED, Outcome

RELAY_METHODS = ("in_person", "phone", "letter", "group_session")
NO_EMAIL, EMAIL_FAILED = "no_email", "email_failed"


def relay_reason(contributor: Contributor | None, outcome: Outcome) -> str | None:
    """Why this outcome is the partner's to tell, or None when it is not (or already told)."""
    if contributor is None or contributor.erased or not contributor.contact_about_outcomes:
        return None
    if outcome.facts is None or not outcome.cited or outcome.told_at is not None:
        return None
    if not contributor.email:
        return NO_EMAIL
    if outcome.notification_status == FAILED:
        return EMAIL_FAILED
    return None
