"""Daily digests, once a day after the digest hour: a partner's lists the outcomes of the 24 hours
before it; a contributor's (when they chose one) carries their news held until then."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from services.notify.domain.notifications import DecisionEvent

DIGEST_NAMESPACE = uuid.UUID("5d0f0a52-7b4e-4f59-9a36-2b1e9c6f3d17")


@dataclass(frozen=True)
class DigestWindow:
    """Outcomes published in [start, end) belong to the digest of `day`. Each outcome falls in
    exactly one window, so none is listed twice and none is missed between two digests."""
    day: date
    start: datetime
    end: datetime


def due_window(now: datetime, digest_hour: int) -> DigestWindow | None:
    """The window whose digest may be sent at `now`, or None before today's digest hour."""
    now = now.astimezone(UTC)
    window = window_for(now.date(), digest_hour)
    return window if now >= window.end else None


def window_for(day: date, digest_hour: int) -> DigestWindow:
    end = datetime.combine(day, time(hour=digest_hour), tzinfo=UTC)
    return DigestWindow(day=day, start=end - timedelta(days=1), end=end)


def digest_id(partner_id: str, day: date) -> str:
    return str(uuid.uuid5(DIGEST_NAMESPACE, f"{partner_id}/{day.isoformat()}"))


def contributor_digest_id(contributor_id: str, day: date) -> str:
    return str(uuid.uuid5(DIGEST_NAMESPACE, f"contributor/{contributor_id}/{day.isoformat()}"))


@dataclass(frozen=True)
class PartnerOutcome:
    """A published outcome citing one partner's input: one line of that partner's digest."""
    partner_id: str
    decision_id: str
    title: str
    board_name: str
    public_url: str
    decided_on: date
    published_at: datetime
    input_count: int


def partner_outcomes(event: DecisionEvent) -> list[PartnerOutcome]:
    """From a "published" DecisionEvent: one line per partner whose input it cites."""
    counts: dict[str, int] = {}
    for link in event.links:
        counts[link["partner_id"]] = counts.get(link["partner_id"], 0) + 1
    facts = event.facts
    return [PartnerOutcome(partner_id, event.decision_id, facts["title"], facts["board_name"],
                           facts["public_url"], date.fromisoformat(facts["decided_on"]),
                           event.occurred_at, count)
            for partner_id, count in sorted(counts.items())]
