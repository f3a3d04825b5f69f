"""Other services' events, built with their real contracts, as tests feed them to intake."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from services.common.contracts import contract_for, new_envelope
from services.common.db.types import utcnow
from services.common.messaging.consumer import Delivery

PUBLISHED = contract_for("decisions", "outcome-published", 1)
REVISED = contract_for("decisions", "outcome-revised", 1)
SENT = contract_for("notify", "notification-sent", 1)
FAILED = contract_for("notify", "notification-failed", 1)
SUPPRESSED = contract_for("notify", "notification-suppressed", 1)


def link(input_: dict, influence: str = "adopted", explanation: str = "We are opening a night cafe.") -> dict:
    return {"input_id": input_["input_id"], "contributor_id": input_["contributor_id"],
            "partner_id": input_["partner_id"], "influence": influence, "explanation": explanation}


def decision(links: list[dict], *, decision_id: str | None = None, revision: int = 1,
             reason: str = "Corrected the influence record.") -> tuple:
    """(contract, wire payload) of an outcome-published event, or outcome-revised if revision > 1."""
    now = utcnow()
    facts = {"decision_id": decision_id or str(uuid.uuid4()), "board_id": str(uuid.uuid4()),
             "board_name": "Crisis Care Board", "programme": "Adult mental health crisis care 2027",
             "title": "Open a night crisis cafe", "summary": "A cafe open 6pm to 2am.",
             "rationale": "Many said A&E at night made things worse.",
             "decided_on": date.today() - timedelta(days=1),
             "public_url": "https://heard.example/decisions/night-cafe", "revision": revision,
             "links": links}
    if revision == 1:
        return PUBLISHED, PUBLISHED.build({**facts, "published_at": now, "no_input_considered": False})
    return REVISED, REVISED.build({**facts, "reason": reason, "revised_at": now,
                                   "changed_input_ids": [item["input_id"] for item in links]})


def notification(contract, decision_id: str, input_: dict, **extra) -> tuple:
    now = utcnow()
    times = {SENT: {"sent_at": now, "attempts": 1},
             FAILED: {"failed_at": now, "attempts": 3, "reason": "550 mailbox unavailable"},
             SUPPRESSED: {"suppressed_at": now, "reason": "no_email"}}[contract]
    return contract, contract.build({
        "notification_id": str(uuid.uuid4()), "decision_id": decision_id,
        "board_id": str(uuid.uuid4()), "contributor_id": input_["contributor_id"] or str(uuid.uuid4()),
        "partner_id": input_["partner_id"], "input_ids": [input_["input_id"]],
        "trigger": "published", "trigger_ref": "1", **times, **extra})


def envelope(contract, payload: dict) -> dict:
    return new_envelope(contract.event_type, contract.version, contract.owner, payload).to_wire()


def delivery(contract, payload: dict, wire: dict | None = None) -> Delivery:
    """What the consumer hands a handler after parsing a record of this event."""
    from services.common.contracts import Envelope

    wire = wire or envelope(contract, payload)
    return Delivery(contract.topic, 0, 0, str(payload[contract.key_field]), Envelope.from_wire(wire),
                    contract.load(payload))
