"""Building other services' events with their real contracts, and looking into notify's state.

Used by notify's integration and end-to-end tests. Every helper takes unique ids from the
caller: the broker is shared by the whole session and each worker reads every topic from the start.
"""
from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from services.common.contracts import contract_for, new_envelope
from services.common.devstack.smtp_sink import SmtpSink
from services.notify.adapters.orm import contacts, input_summaries, notifications
from tests.support.kafka import produce_envelope, produce_raw, read_topic
from tests.support.polling import wait_for
from tests.support.services import make_runtime

FAST_DELIVERY = {"HEARD_NOTIFY_RETRY_BASE_SECONDS": "0.2", "HEARD_NOTIFY_RETRY_CAP_SECONDS": "1",
                 "HEARD_SMTP_TIMEOUT": "1", "HEARD_NOTIFY_URL": "http://notify.test"}


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
                language: str = "en") -> str:
    contact_id = new_id()
    publish(bootstrap, "intake", "contacts", {
        "contact_id": contact_id, "kind": "contributor", "partner_id": partner_id, "email": email,
        "preferred_name": name, "contact_about_outcomes": consent, "daily_digest": False,
        "language": language, "accessible_format": accessible_format, "updated_at": datetime.now(UTC)})
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


# -- looking at notify ---------------------------------------------------------------------------
def notify_runtime(database_url: str, bootstrap: str, sink: SmtpSink, **extra: str):
    return make_runtime("notify", database_url, bootstrap, HEARD_SMTP_PORT=str(sink.port),
                        **FAST_DELIVERY, **extra)


@contextlib.contextmanager
def smtp_sink(maildir: Path) -> Iterator[SmtpSink]:
    sink = SmtpSink(maildir)
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()


def wait_known(runtime, contact_ids=(), input_ids=(), timeout: float = 60) -> None:
    """The consumer reads topics in no fixed order across topics: wait for what a test relies on."""
    def known():
        with runtime.engine.connect() as conn:
            have_contacts = {r[0] for r in conn.execute(
                select(contacts.c.contact_id).where(contacts.c.contact_id.in_(list(contact_ids))))}
            have_inputs = {r[0] for r in conn.execute(select(input_summaries.c.input_id).where(
                input_summaries.c.input_id.in_(list(input_ids))))}
        return have_contacts == set(contact_ids) and have_inputs == set(input_ids)
    wait_for(known, timeout=timeout, message="contacts and inputs consumed")


def rows(runtime, decision_id: str) -> list:
    with runtime.engine.connect() as conn:
        return conn.execute(select(notifications).where(notifications.c.decision_id == decision_id)
                            .order_by(notifications.c.contributor_id)).all()


def wait_statuses(runtime, decision_id: str, expected: int, statuses=("sent", "failed", "suppressed"),
                  timeout: float = 60) -> list:
    def settled():
        found = rows(runtime, decision_id)
        return found if len(found) == expected and all(r.status in statuses for r in found) else None
    return wait_for(settled, timeout=timeout, message=f"{expected} notifications in {statuses}")


def mail_to(sink: SmtpSink, to: str) -> list[EmailMessage]:
    return [m for m in sink.messages() if m["X-Envelope-To"] == to]


def events_for(bootstrap: str, event_type: str, decision_id: str) -> list[dict]:
    topic = contract_for("notify", event_type, 1).topic
    values = [json.loads(r.value) for r in read_topic(bootstrap, topic)]
    return [v for v in values if v["payload"]["decision_id"] == decision_id]


def raw_values(bootstrap: str, event_type: str) -> list[bytes]:
    return [r.value for r in read_topic(bootstrap, contract_for("notify", event_type, 1).topic)]


def wait_events(bootstrap: str, event_type: str, decision_id: str, count: int,
                timeout: float = 30) -> list[dict]:
    """The relay publishes after the commit: wait until `count` events are on the topic."""
    def enough():
        found = events_for(bootstrap, event_type, decision_id)
        return found if len(found) >= count else None
    return wait_for(enough, timeout=timeout, interval=0.2, message=f"{count} {event_type} events")
