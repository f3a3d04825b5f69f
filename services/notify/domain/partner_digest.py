"""What a partner's daily digest says: the outcomes published for its input, the revisions and
progress since, the news it must tell people itself (the relay list's new items), and how many
answers and questions came back. Counts and decision facts only: no contributor is named, as
the email leaves Heard (the relay list, behind the partner's key, says who)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from services.notify.domain.digests import PartnerOutcome
from services.notify.domain.notifications import DecisionEvent


@dataclass(frozen=True)
class PartnerUpdate:
    """A revision or progress update of a decision citing one partner's input."""
    partner_id: str
    decision_id: str
    trigger_ref: str
    trigger: str  # revised | progress
    title: str
    public_url: str
    occurred_at: datetime
    input_count: int
    revision_reason: str | None = None
    progress_status: str | None = None
    percent: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class RelayItem:
    """One decision event whose news the partner must pass on itself to `people` contributors:
    they want to hear but have no email address, or their email failed for good."""
    decision_id: str
    trigger: str
    title: str
    public_url: str
    occurred_at: datetime
    no_email: int
    email_failed: int

    @property
    def people(self) -> int:
        return self.no_email + self.email_failed


@dataclass(frozen=True)
class PartnerDigest:
    day: date
    outcomes: list[PartnerOutcome]
    updates: list[PartnerUpdate]
    relays: list[RelayItem]
    answers: int
    questions: int  # answers that came with a comment or question for the partner

    @property
    def has_news(self) -> bool:
        return bool(self.outcomes or self.updates or self.relays or self.answers)

    @property
    def people_to_tell(self) -> int:
        return sum(item.people for item in self.relays)


def partner_updates(event: DecisionEvent) -> list[PartnerUpdate]:
    """From a "revised" or "progress" DecisionEvent: one line per partner whose input it cites."""
    counts: dict[str, int] = {}
    for link in event.links:
        counts[link["partner_id"]] = counts.get(link["partner_id"], 0) + 1
    facts = event.facts
    return [PartnerUpdate(
        partner_id, event.decision_id, event.trigger_ref, event.trigger, facts["title"],
        facts["public_url"], event.occurred_at, count, revision_reason=facts.get("revision_reason"),
        progress_status=facts.get("status"), percent=facts.get("percent"), note=facts.get("note") or None)
        for partner_id, count in sorted(counts.items())]


def relay_items(rows: list[dict[str, Any]]) -> list[RelayItem]:
    """From notification rows (decision_id, trigger, trigger_ref, status, title, public_url,
    occurred_at) that were suppressed for want of an address, or failed: one item per decision
    event, in the order the events came."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        item = grouped.setdefault((row["decision_id"], row["trigger_ref"]), {
            "decision_id": row["decision_id"], "trigger": row["trigger"], "title": row["title"],
            "public_url": row["public_url"], "occurred_at": row["occurred_at"],
            "no_email": 0, "email_failed": 0})
        item["email_failed" if row["status"] == "failed" else "no_email"] += 1
    return sorted((RelayItem(**item) for item in grouped.values()),
                  key=lambda i: (i.occurred_at, i.decision_id, i.trigger))
