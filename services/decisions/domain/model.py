"""Boards, decisions and the influence links between a decision and the input it cites."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from services.decisions.domain.errors import Conflict, Invalid
from services.decisions.domain.rules import explanation_problems


ACTIVE, RETIRED = "active", "retired"
BOARD_STATUSES = (ACTIVE, RETIRED)


@dataclass(frozen=True)
class Board:
    """A board's slug never changes (public addresses use it), even when its name does. A retired
    board records nothing new; what it recorded stays public, and so do its figures."""
    board_id: str
    name: str
    slug: str
    organisation: str
    outcome_due_days: int
    created_at: datetime
    programmes: tuple[str, ...] = ()  # empty: every programme
    status: str = ACTIVE
    retired_at: datetime | None = None
    updated_at: datetime | None = None  # the last change after registration

    @property
    def is_retired(self) -> bool:
        return self.status == RETIRED

    @property
    def changed_at(self) -> datetime:
        """When this state began: a consumer of the board topic keeps the newest."""
        return self.updated_at or self.created_at

    def require_active(self) -> None:
        if self.is_retired:
            raise Conflict("This board is retired: its record stays public, but nothing new can be "
                           "recorded or changed.", "board_id")

    def edited(self, now: datetime, *, name: str | None = None, organisation: str | None = None,
               outcome_due_days: int | None = None, programmes: tuple[str, ...] | None = None) -> Board:
        """The board with the values given; unchanged values keep the clock."""
        self.require_active()
        changed = replace(
            self, name=self.name if name is None else name,
            organisation=self.organisation if organisation is None else organisation,
            outcome_due_days=self.outcome_due_days if outcome_due_days is None else outcome_due_days,
            programmes=self.programmes if programmes is None else tuple(sorted(programmes)))
        return self if changed == self else replace(changed, updated_at=now)

    def retired(self, now: datetime) -> Board:
        """Retiring is final; retiring a retired board changes nothing."""
        if self.is_retired:
            return self
        return replace(self, status=RETIRED, retired_at=now, updated_at=now)


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


WORDING_FIELDS = ("title", "summary", "rationale")


@dataclass(frozen=True)
class Correction:
    """One field of a published decision's wording, before and after a revision corrected it."""
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Revision:
    number: int
    reason: str | None  # None for the first publication
    created_at: datetime
    links: tuple[Link, ...]
    changed_input_ids: tuple[str, ...] = ()
    no_input_considered: bool = False
    corrections: tuple[Correction, ...] = ()


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

    def corrections(self, wording: dict[str, str]) -> tuple[Correction, ...]:
        """What a revision giving this wording (title, summary, rationale) would correct: the
        fields whose text differs from the current one, in a fixed order."""
        unknown = sorted(set(wording) - set(WORDING_FIELDS))
        if unknown:
            raise Invalid("Only the title, summary and rationale can be corrected.",
                          {name: ["Unknown field."] for name in unknown})
        return tuple(Correction(name, getattr(self, name), wording[name].strip())
                     for name in WORDING_FIELDS
                     if name in wording and wording[name].strip() != getattr(self, name))

    def correct(self, corrections: tuple[Correction, ...]) -> None:
        """Take a revision's corrected wording (the revision keeps what it said before)."""
        for correction in corrections:
            setattr(self, correction.field, correction.after)

    def latest_progress(self) -> ProgressEntry | None:
        return self.timeline[-1] if self.timeline else None
