"""Other services' events, built with the real contracts, for decisions' tests."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.common.contracts import contract_for, new_envelope
from tests.support.kafka import produce_envelope

SUBMITTED = contract_for("intake", "input-submitted", 1)
WITHDRAWN = contract_for("intake", "input-withdrawn", 1)
CONSENT = contract_for("intake", "contributor-consent-changed", 1)
PARTNER = contract_for("intake", "partner-registered", 1)
SENT = contract_for("notify", "notification-sent", 1)
SUPPRESSED = contract_for("notify", "notification-suppressed", 1)
RELAYED = contract_for("intake", "outcome-relayed", 1)


def envelope(contract, payload: dict[str, Any]) -> dict:
    wire = contract.build(payload)
    return new_envelope(contract.event_type, contract.version, contract.owner, wire).to_wire()


def input_submitted(programme: str, *, days_ago: float = 3, topics=("night care",),
                    participation_level: str = "consultation", partner_id=None,
                    contributor_id: Any = "new", quote_anonymously: bool = True) -> dict:
    submitted_at = datetime.now(UTC) - timedelta(days=days_ago)
    return envelope(SUBMITTED, {
        "input_id": uuid.uuid4(), "partner_id": partner_id or uuid.uuid4(),
        "contributor_id": uuid.uuid4() if contributor_id == "new" else contributor_id,
        "programme": programme, "topics": list(topics),
        "summary": "Nowhere to go at night except A&E.", "body": "I waited six hours.",
        "engagement_method": "interview", "participation_level": participation_level,
        "gathered_on": date.today() - timedelta(days=int(days_ago) + 1),
        "submitted_at": submitted_at, "quote_anonymously": quote_anonymously})


def input_withdrawn(submitted: dict) -> dict:
    payload = submitted["payload"]
    return envelope(WITHDRAWN, {"input_id": payload["input_id"], "partner_id": payload["partner_id"],
                                "withdrawn_at": datetime.now(UTC)})


def consent_changed(contributor_id: str, partner_id: str, quote_anonymously: bool,
                    changed_at: datetime | None = None) -> dict:
    return envelope(CONSENT, {"contributor_id": contributor_id, "partner_id": partner_id,
                              "contact_about_outcomes": True, "quote_anonymously": quote_anonymously,
                              "changed_at": changed_at or datetime.now(UTC)})


def partner_registered(partner_id: str, name: str = "Northtown Peer Support") -> dict:
    return envelope(PARTNER, {"partner_id": partner_id, "name": name,
                              "registered_at": datetime.now(UTC)})


def notification(contract, *, decision_id: str, board_id: str, contributor_id: str,
                 partner_id: str, input_ids: list[str], at: datetime,
                 reason: str = "no_consent") -> dict:
    extra = ({"sent_at": at, "attempts": 1} if contract is SENT
             else {"suppressed_at": at, "reason": reason})
    return envelope(contract, {
        "notification_id": uuid.uuid4(), "decision_id": decision_id, "board_id": board_id,
        "contributor_id": contributor_id, "partner_id": partner_id, "input_ids": input_ids,
        "trigger": "published", "trigger_ref": decision_id, **extra})


def outcome_relayed(*, decision_id: str, contributor_id: str, partner_id: str,
                    input_ids: list[str], at: datetime, how: str = "phone") -> dict:
    return envelope(RELAYED, {
        "relay_id": uuid.uuid4(), "decision_id": decision_id, "revision": 1,
        "partner_id": partner_id, "contributor_id": contributor_id, "input_ids": input_ids,
        "how": how, "relayed_at": at})


def produce(bootstrap: str, contract, event: dict) -> None:
    key = str(event["payload"][contract.key_field])
    produce_envelope(bootstrap, contract.topic, key, event)
