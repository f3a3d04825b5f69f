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

NAMESPACE = uuid.UUID("0c6f3f55-7c1e-4c8b-9a43-51a7f3f0f2a8")
TRIGGERS = {"outcome-published": "published", "outcome-revised": "revised",
            "progress-updated": "progress"}
# "sending" is a claim held while the mail server is being talked to; outside notify it reads "queued"
QUEUED, SENDING, SENT, FAILED, SUPPRESSED = "queued", "sending", "sent", "failed", "suppressed"
STATUSES = (QUEUED, SENT, FAILED, SUPPRESSED)


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

    @property
    def input_ids(self) -> list[str]:
        return [link["input_id"] for link in self.content["links"]]


def decision_event(event_type: str, payload: dict[str, Any]) -> DecisionEvent:
    trigger = TRIGGERS[event_type]
    facts = {name: str(payload[name]) for name in
             ("title", "summary", "rationale", "programme", "board_name", "decided_on", "public_url")}
    if trigger == "progress":
        trigger_ref, occurred_at = f"progress-{payload['entry_id']}", payload["recorded_at"]
        facts.update({name: payload[name] for name in ("status", "previous_status", "percent", "note")})
    else:
        trigger_ref = f"revision-{payload['revision']}"
        occurred_at = payload["published_at" if trigger == "published" else "revised_at"]
        facts["revision"] = payload["revision"]
        if trigger == "revised":
            facts["revision_reason"] = payload["reason"]
    facts["occurred_at"] = occurred_at.isoformat()
    changed = {str(i) for i in payload.get("changed_input_ids", ())}
    links = [{"input_id": str(link["input_id"]), "partner_id": str(link["partner_id"]),
              "contributor_id": _str(link["contributor_id"]), "influence": link["influence"],
              "explanation": link["explanation"], "changed": str(link["input_id"]) in changed}
             for link in payload["links"]]
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
                     reason: str | None, now: datetime) -> Notification:
    own_links = [{k: link[k] for k in ("input_id", "influence", "explanation", "changed")}
                 for link in links]
    return Notification(
        notification_id=notification_id(event.decision_id, event.trigger_ref, contributor_id),
        decision_id=event.decision_id, board_id=event.board_id, partner_id=links[0]["partner_id"],
        contributor_id=contributor_id, trigger=event.trigger, trigger_ref=event.trigger_ref,
        status=SUPPRESSED if reason else QUEUED, reason=reason,
        content={**event.facts, "links": own_links}, created_at=now,
        next_attempt_at=None if reason else now)


def event_facts(notification: Notification) -> dict[str, Any]:
    """The part every notify event carries: ids and the key, no contact details."""
    return {"notification_id": notification.notification_id,
            "decision_id": notification.decision_id, "board_id": notification.board_id,
            "contributor_id": notification.contributor_id, "partner_id": notification.partner_id,
            "input_ids": notification.input_ids, "trigger": notification.trigger,
            "trigger_ref": notification.trigger_ref}


def _str(value: object) -> str | None:
    return None if value is None else str(value)
