"""What became of an input: one Outcome per (decision, input), holding the latest revision.

Decisions and notify events arrive on different topics, so their order is not guaranteed: a
notification may be seen before the outcome it is about. Each event fills in its own part.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

PENDING, SENT, FAILED, SUPPRESSED = "pending", "sent", "failed", "suppressed"


@dataclass(frozen=True)
class DecisionFacts:
    decision_id: str
    board_id: str
    board_name: str
    title: str
    decided_on: date
    public_url: str
    revision: int
    published_at: datetime | None
    revised_at: datetime | None


@dataclass(frozen=True)
class Outcome:
    decision_id: str
    input_id: str
    facts: DecisionFacts | None = None  # None until the decision itself has been seen
    influence: str | None = None
    explanation: str | None = None
    cited: bool = True
    notification_status: str = PENDING
    notification_at: datetime | None = None
    notification_detail: str | None = None
    told_at: datetime | None = None  # by email, or by the partner (relayed)
    relayed_at: datetime | None = None
    relay_how: str | None = None

    @property
    def revision(self) -> int:
        return self.facts.revision if self.facts else 0


def with_decision(outcome: Outcome, facts: DecisionFacts, link: dict[str, Any] | None) -> Outcome:
    """Apply a revision of the decision; `link` is this input's link, None if no longer cited.

    An older revision arriving late changes nothing. A first publication keeps its
    published_at through later revisions (which carry revised_at instead).
    """
    if facts.revision < outcome.revision:
        return outcome
    if outcome.facts and facts.published_at is None:
        facts = replace(facts, published_at=outcome.facts.published_at)
    if link is None:
        return replace(outcome, facts=facts, cited=False)
    return replace(outcome, facts=facts, cited=True, influence=link["influence"],
                   explanation=link["explanation"])


def with_relay(outcome: Outcome, how: str, at: datetime) -> Outcome:
    """The partner told the contributor themselves; the first time anyone told them stays."""
    told_at = outcome.told_at if outcome.told_at and outcome.told_at <= at else at
    return replace(outcome, relayed_at=at, relay_how=how, told_at=told_at)


def with_notification(outcome: Outcome, status: str, at: datetime, detail: str | None) -> Outcome:
    told_at = outcome.told_at
    if status == SENT and (told_at is None or at < told_at):
        told_at = at
    return replace(outcome, notification_status=status, notification_at=at,
                   notification_detail=detail, told_at=told_at)
