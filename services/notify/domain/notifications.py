"""One notification per contributor per decision event: its key, what it will say, its events.

The key is (decision, trigger_ref, contributor): "revision-1" for the publication, "revision-N"
for a revision, "progress-<entry id>" for a progress update. The notification id is derived
from the key, so the same key always names the same notification (and the same Message-ID).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.common.emails.outcome import event_content, notification_content

NAMESPACE = uuid.UUID("0c6f3f55-7c1e-4c8b-9a43-51a7f3f0f2a8")
# "sending" is a claim held while the mail server is being talked to; outside notify it reads "queued"
QUEUED, SENDING, SENT, FAILED, SUPPRESSED = "queued", "sending", "sent", "failed", "suppressed"
# "held": waiting for the contributor's daily digest, or for the update that ends its decision
# (final outcome only), which sends it with the other news
HELD = "held"
STATUSES = (QUEUED, HELD, SENT, FAILED, SUPPRESSED)


@dataclass(frozen=True)
class DecisionEvent:
    trigger: str
    trigger_ref: str
    decision_id: str
    board_id: str
    occurred_at: datetime
    facts: dict[str, Any]  # what every email about this event says about the decision (JSON-ready)
    links: list[dict[str, Any]]


@dataclass(frozen=True)
class Notification:
    notification_id: str
    decision_id: str
    board_id: str
    partner_id: str
    contributor_id: str
    trigger: str
    trigger_ref: str
    status: str
    reason: str | None
    content: dict[str, Any]  # facts plus this contributor's links; never an address
    created_at: datetime
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    # the email that carries it, once planned: a contributor digest, or the notification ending
    # its decision for a final-only contributor
    digest_id: str | None = None

    @property
    def input_ids(self) -> list[str]:
        return [link["input_id"] for link in self.content["links"]]


def decision_event(event_type: str, payload: dict[str, Any]) -> DecisionEvent:
    trigger, trigger_ref, facts, links = event_content(event_type, payload)
    occurred_at = datetime.fromisoformat(facts["occurred_at"])
    return DecisionEvent(trigger, trigger_ref, str(payload["decision_id"]), str(payload["board_id"]),
                         occurred_at, facts, links)


def links_by_contributor(event: DecisionEvent) -> dict[str, list[dict[str, Any]]]:
    """Anonymous input (no contributor) has nobody to tell, so it is left out."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for link in event.links:
        if link["contributor_id"] is not None:
            grouped.setdefault(link["contributor_id"], []).append(link)
    return grouped


def notification_id(decision_id: str, trigger_ref: str, contributor_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{decision_id}/{trigger_ref}/{contributor_id}"))


def new_notification(event: DecisionEvent, contributor_id: str, links: list[dict[str, Any]],
                     reason: str | None, now: datetime, *, held: bool = False) -> Notification:
    """Suppressed when there is a reason not to tell; held for a daily digest when `held`;
    otherwise queued to go at once."""
    status = SUPPRESSED if reason else HELD if held else QUEUED
    return Notification(
        notification_id=notification_id(event.decision_id, event.trigger_ref, contributor_id),
        decision_id=event.decision_id, board_id=event.board_id, partner_id=links[0]["partner_id"],
        contributor_id=contributor_id, trigger=event.trigger, trigger_ref=event.trigger_ref,
        status=status, reason=reason,
        content=notification_content(event.facts, links), created_at=now,
        next_attempt_at=now if status == QUEUED else None)


def event_facts(notification: Notification) -> dict[str, Any]:
    """The part every notify event carries: ids and the key, no contact details."""
    return {"notification_id": notification.notification_id,
            "decision_id": notification.decision_id, "board_id": notification.board_id,
            "contributor_id": notification.contributor_id, "partner_id": notification.partner_id,
            "input_ids": notification.input_ids, "trigger": notification.trigger,
            "trigger_ref": notification.trigger_ref}


def _str(value: object) -> str | None:
    return None if value is None else str(value)
