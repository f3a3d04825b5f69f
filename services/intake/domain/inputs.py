"""Inputs: one piece of lived-experience evidence, submitted by a partner."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from services.intake.domain.status import StatusChange

# The date line: a date is "in the future" only once it has not begun anywhere on Earth yet,
# so a partner working in UTC+14 is never told their today is tomorrow.
EARLIEST_TIMEZONE = timedelta(hours=14)


@dataclass(frozen=True)
class Input:
    input_id: str
    partner_id: str
    contributor_id: str | None
    programme: str
    topics: tuple[str, ...]
    summary: str
    body: str | None
    engagement_method: str
    participation_level: str
    gathered_on: date
    submitted_at: datetime
    status: str
    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    status_history: tuple[StatusChange, ...] = field(default=(), compare=False)
    shared_decision_stage: str | None = None  # co-production names it (domain/participation.py)


def latest_gathered_on(now: datetime) -> date:
    return (now + EARLIEST_TIMEZONE).date()
