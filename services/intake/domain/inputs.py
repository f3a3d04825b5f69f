"""Inputs: one piece of lived-experience evidence, submitted by a partner."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from services.common.text import latest_today
from services.intake.domain.status import StatusChange



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
    """Input cannot have been gathered on a day that has not begun anywhere yet (the date line)."""
    return latest_today(now)
