"""Other services' events, built with their real contracts and produced to the real topics.

Every helper takes or makes unique ids: the broker is shared by the whole session and each
worker reads every topic from the start.
"""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from services.common.contracts import contract_for, new_envelope
from tests.support.kafka import produce_envelope, produce_raw

def new_id() -> str:
    return str(uuid.uuid4())


def address(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.org"


def publish(bootstrap: str, owner: str, event_type: str, payload: dict) -> dict:
    """Produce an event exactly as its owner would: real schema, real envelope, real topic."""
    contract = contract_for(owner, event_type, 1)
    wire = new_envelope(contract.event_type, 1, owner, contract.build(payload)).to_wire()
    produce_envelope(bootstrap, contract.topic, str(payload[contract.key_field]), wire)
    return wire


def republish(bootstrap: str, owner: str, event_type: str, wire: dict) -> None:
    contract = contract_for(owner, event_type, 1)
    produce_envelope(bootstrap, contract.topic, str(wire["payload"][contract.key_field]), wire)


def tombstone(bootstrap: str, contact_id: str) -> None:
    produce_raw(bootstrap, contract_for("intake", "contacts", 1).topic, contact_id.encode(), None)


def contributor(bootstrap: str, partner_id: str, email: str | None, *, consent: bool = True,
                name: str | None = "Sam", accessible_format: str = "standard",
                language: str = "en", email_frequency: str = "each_update",
                contact_id: str | None = None) -> str:
    """A contributor's contact record; pass `contact_id` to send a newer version of one."""
    contact_id = contact_id or new_id()
    publish(bootstrap, "intake", "contacts", {
        "contact_id": contact_id, "kind": "contributor", "partner_id": partner_id, "email": email,
        "preferred_name": name, "contact_about_outcomes": consent, "daily_digest": False,
        "language": language, "accessible_format": accessible_format,
        "email_frequency": email_frequency, "updated_at": datetime.now(UTC)})
    return contact_id


def partner(bootstrap: str, email: str, name: str = "Northtown Mind", digest: bool = False) -> str:
    partner_id = new_id()
    publish(bootstrap, "intake", "contacts", {
        "contact_id": partner_id, "kind": "partner", "partner_id": partner_id, "email": email,
        "preferred_name": name, "contact_about_outcomes": True, "daily_digest": digest,
        "language": "en", "accessible_format": "standard", "updated_at": datetime.now(UTC)})
    return partner_id


def input_submitted(bootstrap: str, partner_id: str, contributor_id: str | None, summary: str) -> str:
    input_id = new_id()
    publish(bootstrap, "intake", "input-submitted", {
        "input_id": input_id, "partner_id": partner_id, "contributor_id": contributor_id,
        "programme": "Adult mental health crisis care 2027", "topics": ["crisis"],
        "summary": summary, "body": None, "engagement_method": "story",
        "participation_level": "consultation", "gathered_on": date(2027, 1, 20),
        "submitted_at": datetime.now(UTC), "quote_anonymously": True})
    return input_id


def link(input_id: str, contributor_id: str | None, partner_id: str, influence: str,
         explanation: str) -> dict:
    return {"input_id": input_id, "contributor_id": contributor_id, "partner_id": partner_id,
            "influence": influence, "explanation": explanation}


def decision_facts(decision_id: str, board_id: str, title: str = "Open a 24-hour crisis café") -> dict:
    return {"decision_id": decision_id, "board_id": board_id,
            "board_name": "Mental Health Commissioning Board",
            "programme": "Adult mental health crisis care 2027", "title": title,
            "summary": "We will fund a crisis café open all night, run with peer supporters.",
            "rationale": "People told us A&E is the wrong place at 3am.",
            "decided_on": date(2027, 3, 10),
            "public_url": f"http://decisions.test/decisions/{decision_id}"}


def outcome_published(bootstrap: str, decision_id: str, board_id: str, links: list[dict],
                      published_at: datetime | None = None, title: str | None = None) -> dict:
    facts = decision_facts(decision_id, board_id, **({"title": title} if title else {}))
    return publish(bootstrap, "decisions", "outcome-published", {
        **facts, "revision": 1, "published_at": published_at or datetime.now(UTC),
        "no_input_considered": False, "links": links})


def progress_updated(bootstrap: str, decision_id: str, board_id: str, links: list[dict]) -> dict:
    return publish(bootstrap, "decisions", "progress-updated", {
        **decision_facts(decision_id, board_id), "entry_id": new_id(), "status": "in_progress",
        "previous_status": "planned", "percent": 40, "note": "The café has a building.",
        "recorded_at": datetime.now(UTC), "links": links})
