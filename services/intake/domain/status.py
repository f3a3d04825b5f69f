"""The life of an input: received -> outcome_published -> closed; withdrawn at any point.

An input with a public outcome whose contributor cannot be told by choice or by its nature does
not close: it ends `not_wanted` (the contributor declined contact, unsubscribed or was erased)
or `anonymous` (no contributor record). Only a person told, by email or by their partner, makes
a loop `closed` (the honest closed-loop rule, as in decisions' figures). `not_wanted` may still
close later, if the person is told after all (say, a revision emailed once they consent again).

Status only moves forward. An event that implies a later step (a notification about an input
whose outcome we have not seen yet) records the steps in between, so the history stays readable.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.intake.domain.outcomes import SENT, SUPPRESSED

RECEIVED = "received"
OUTCOME_PUBLISHED = "outcome_published"
NOT_WANTED = "not_wanted"
ANONYMOUS = "anonymous"
CLOSED = "closed"
WITHDRAWN = "withdrawn"

# how far along each status is; not_wanted and anonymous are side by side, before closed
RANK = {RECEIVED: 0, OUTCOME_PUBLISHED: 1, NOT_WANTED: 2, ANONYMOUS: 2, CLOSED: 3}
STATUSES = (RECEIVED, OUTCOME_PUBLISHED, NOT_WANTED, ANONYMOUS, CLOSED, WITHDRAWN)
# why notify did not email that means the person does not want to hear (decisions counts the same)
NOT_WANTED_REASONS = ("no_consent", "unsubscribed", "erased")


@dataclass(frozen=True)
class StatusChange:
    status: str
    changed_at: datetime
    cause: str  # the event type or API action that moved it


def steps_towards(current: str, target: str) -> list[str]:
    """The statuses to pass through from `current` to `target`; empty if there is nothing to do.

    Withdrawn is final: nothing that arrives later changes it. Status never moves backwards, nor
    sideways between not_wanted and anonymous.
    """
    if current == WITHDRAWN or target not in RANK or RANK[target] <= RANK[current]:
        return []
    between = [OUTCOME_PUBLISHED] if RANK[current] < RANK[OUTCOME_PUBLISHED] < RANK[target] else []
    return [*between, target]


def outcome_target(has_contributor: bool) -> str:
    """Where a published outcome takes an input: anonymous input has nobody to tell, so it ends
    `anonymous` as soon as the outcome is public (never closed)."""
    return OUTCOME_PUBLISHED if has_contributor else ANONYMOUS


def after_notification(status: str, detail: str | None) -> str:
    """Where a notification leaves the input: sent closes the loop; suppressed because the
    person does not want to hear ends it `not_wanted` (never closed); a failure, or no address
    (the partner still has to tell them: the relay list), leaves it open."""
    if status == SENT:
        return CLOSED
    if status == SUPPRESSED and detail in NOT_WANTED_REASONS:
        return NOT_WANTED
    return OUTCOME_PUBLISHED
