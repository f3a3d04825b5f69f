"""The life of an input: received -> outcome_published -> closed; withdrawn at any point.

Status only moves forward. An event that implies a later step (a notification about an input
whose outcome we have not seen yet) records the steps in between, so the history stays readable.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

RECEIVED = "received"
OUTCOME_PUBLISHED = "outcome_published"
CLOSED = "closed"
WITHDRAWN = "withdrawn"

PATH = (RECEIVED, OUTCOME_PUBLISHED, CLOSED)
STATUSES = (*PATH, WITHDRAWN)


@dataclass(frozen=True)
class StatusChange:
    status: str
    changed_at: datetime
    cause: str  # the event type or API action that moved it


def steps_towards(current: str, target: str) -> list[str]:
    """The statuses to pass through from `current` to `target`; empty if there is nothing to do.

    Withdrawn is final: nothing that arrives later changes it. Status never moves backwards.
    """
    if current == WITHDRAWN or target not in PATH:
        return []
    here, there = PATH.index(current), PATH.index(target)
    return list(PATH[here + 1:there + 1])


def outcome_target(has_contributor: bool) -> str:
    """Where a published outcome takes an input: anonymous input has nobody to tell, so its
    loop closes as soon as the outcome is public."""
    return OUTCOME_PUBLISHED if has_contributor else CLOSED
