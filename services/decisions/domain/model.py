"""Boards, decisions and the influence links between a decision and the input it cites."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from services.decisions.domain.errors import Conflict, Invalid
from services.decisions.domain.rules import explanation_problems


@dataclass(frozen=True)
class Board:
    board_id: str
    name: str
    slug: str
    organisation: str
    outcome_due_days: int
    created_at: datetime
    programmes: tuple[str, ...] = ()  # empty: every programme


@dataclass(frozen=True)
class InputRef:
    """What a decision needs to know about an input from the read model."""
    input_id: str
    partner_id: str
    contributor_id: str | None
    programme: str
    withdrawn: bool


@dataclass(frozen=True)
class Link:
    input_id: str
    influence: str
    explanation: str
    linked_at: datetime | None = None

    def claim(self) -> tuple[str, str]:
        """What the link says, without when it was written."""
        return self.influence, self.explanation


def make_link(input_id: str, influence: str, explanation: str, at: datetime) -> Link:
    problems = explanation_problems(influence, explanation)
    if problems:
        raise Invalid("The explanation cannot be shown to the contributor.", {"explanation": problems})
    return Link(input_id, influence, explanation.strip(), at)


@dataclass(frozen=True)
class Revision:
    number: int
    reason: str | None  # None for the first publication
    created_at: datetime
    links: tuple[Link, ...]
    changed_input_ids: tuple[str, ...] = ()
    no_input_considered: bool = False


@dataclass(frozen=True)
class ProgressEntry:
    entry_id: str
    sequence: int
    status: str
    previous_status: str | None
    percent: int
    note: str
    recorded_at: datetime


@dataclass
class Decision:
    decision_id: str
    board_id: str
    programme: str
    title: str
    summary: str
    rationale: str
    decided_on: date
    review_on: date | None
    created_at: datetime
    status: str = "draft"
    published_at: datetime | None = None
    no_input_considered: bool = False
    revision: int = 0
    links: dict[str, Link] = field(default_factory=dict)
    revisions: list[Revision] = field(default_factory=list)
    timeline: list[ProgressEntry] = field(default_factory=list)

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def require_draft(self, action: str) -> None:
        if not self.is_draft:
            raise Conflict(f"The decision is published: {action} only while it is a draft. "
                           "Record a revision instead.")

    def require_published(self, action: str) -> None:
        if self.is_draft:
            raise Conflict(f"The decision is a draft: {action} only after it is published.")

    def check_publishable(self, no_input_considered: bool) -> None:
        if not self.links and not no_input_considered:
            raise Invalid("A decision that cites no input needs no_input_considered: true.",
                          {"no_input_considered": ["Required when the decision has no links."]})
        if self.links and no_input_considered:
            raise Invalid("The decision cites input, so input was considered.",
                          {"no_input_considered": ["Must be false when the decision has links."]})

    def latest_progress(self) -> ProgressEntry | None:
        return self.timeline[-1] if self.timeline else None
