"""One board's public record, made the way production makes it: intake's events on the real
broker feed decisions' read model; the board drafts, links, publishes, revises and reports progress
through the decisions API; notify's events close loops; one cited input is then withdrawn."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from tests.integration.decisions import events
from tests.support.polling import wait_for

QUOTED = "Quote-ok: there is nowhere to go at night except A&E."
NOT_QUOTED = "Secret-noquote: the night bus never comes to Eastfield."
WITHDRAWN = "Withdrawn-text: I was turned away twice."
WITHDRAWN_EXPLANATION = "Withdrawn-explanation: we cannot change the rota this year."
ANONYMOUS = "Quote-anon: the waiting room is cold and nobody explains anything."
ADOPTED_EXPLANATION = "You asked for somewhere to go at night: the café is it."
ADAPTED_EXPLANATION = "The café opens four nights a week, not seven, for now."
DRAFT_TITLE = "Draft-secret: close the day centre"
REVISION_REASON = "Staffing money came through for four nights."
PROGRESS_NOTE = "Staff are being trained by peer supporters."


@dataclass
class Record:
    programme: str
    board_id: str = ""
    board_slug: str = ""
    board_name: str = ""
    partner_id: str = ""
    decided_on: date = field(default_factory=lambda: date.today() - timedelta(days=1))
    inputs: dict[str, dict] = field(default_factory=dict)  # name -> input-submitted payload
    decision_id: str = ""
    draft_id: str = ""

    def id_of(self, name: str) -> str:
        return str(self.inputs[name]["input_id"])

    @property
    def private_ids(self) -> list[str]:
        """Ids of people and partners: never on a page or in a file."""
        return [self.partner_id] + [str(p["contributor_id"]) for p in self.inputs.values()
                                    if p["contributor_id"] is not None]


def build(live, submitted_payload) -> Record:
    record = Record(programme=f"Crisis care {uuid.uuid4().hex[:6]}", partner_id=str(uuid.uuid4()))
    programme = live.call("POST", "/v1/programmes", live.admin_key, {"name": record.programme})
    board = live.call("POST", "/v1/boards", live.admin_key, {
        "name": f"Crisis Board {uuid.uuid4().hex[:6]}", "organisation": "Northtown ICB",
        "outcome_due_days": 30, "programme_ids": [programme["programme_id"]]})
    record.board_id, record.board_slug, record.board_name = board["board_id"], board["slug"], board["name"]
    key = live.call("POST", "/v1/keys", live.admin_key,
                    {"role": "board", "board_id": record.board_id})["key"]
    live.produce(events.PARTNER, {"partner_id": record.partner_id, "name": "Northtown Peer Support",
                                  "registered_at": datetime.now(UTC)})
    for name, summary, consent, level, days_ago, anonymous in (
            ("quoted", QUOTED, True, "co-production", 40, False),
            ("not_quoted", NOT_QUOTED, False, "consultation", 30, False),
            ("withdrawn", WITHDRAWN, True, "engagement", 20, False),
            ("anonymous", ANONYMOUS, True, "co-design", 10, True),
            ("waiting", "Waiting: no answer yet.", True, "informing", 35, False)):
        payload = submitted_payload(record.programme, record.partner_id, summary, consent=consent,
                                    level=level, days_ago=days_ago, anonymous=anonymous)
        record.inputs[name] = payload
        live.produce(events.SUBMITTED, payload)
    wait_for(lambda: all(live.input_state(record.id_of(n)) for n in record.inputs),
             message="inputs in decisions' read model")

    draft = live.call("POST", "/v1/decisions", key, {
        "programme": record.programme, "title": "Open a night crisis café",
        "summary": "A café open 8pm to 8am, run with peer supporters.",
        "rationale": "People told us A&E is the wrong place at 3am.",
        "decided_on": record.decided_on.isoformat()})
    record.decision_id = path_id = draft["decision_id"]
    for name, influence, explanation in (
            ("quoted", "adopted", ADOPTED_EXPLANATION),
            ("not_quoted", "adapted", "We will run a night bus on weekends only, not every night."),
            ("withdrawn", "not_adopted", WITHDRAWN_EXPLANATION),
            ("anonymous", "noted", "This shaped how we talked about the waiting room.")):
        live.call("POST", f"/v1/decisions/{path_id}/links", key, {
            "input_ids": [record.id_of(name)], "influence": influence, "explanation": explanation})
    live.call("POST", f"/v1/decisions/{path_id}/publish", key, {})
    live.call("POST", f"/v1/decisions/{path_id}/revisions", key, {
        "reason": REVISION_REASON, "remove_input_ids": [record.id_of("anonymous")],
        "links": [{"input_id": record.id_of("quoted"), "influence": "adapted",
                   "explanation": ADAPTED_EXPLANATION}]})
    for status, percent, note in (("planned", 0, "Site found on Mill Street."),
                                  ("in_progress", 40, PROGRESS_NOTE)):
        live.call("POST", f"/v1/decisions/{path_id}/progress", key,
                  {"status": status, "percent": percent, "note": note})

    record.draft_id = live.call("POST", "/v1/decisions", key, {
        "programme": record.programme, "title": DRAFT_TITLE, "summary": "Not public.",
        "rationale": "Still talking.", "decided_on": record.decided_on.isoformat()})["decision_id"]
    live.call("POST", f"/v1/decisions/{record.draft_id}/links", key, {
        "input_ids": [record.id_of("waiting")], "influence": "noted", "explanation": "Draft-only: not decided yet."})

    _close_and_withdraw(live, record)
    return record


def _close_and_withdraw(live, record: Record) -> None:
    quoted = record.inputs["quoted"]
    live.produce(events.SENT, {
        "notification_id": uuid.uuid4(), "decision_id": record.decision_id,
        "board_id": record.board_id, "contributor_id": quoted["contributor_id"],
        "partner_id": record.partner_id, "input_ids": [quoted["input_id"]], "trigger": "published",
        "trigger_ref": record.decision_id, "sent_at": datetime.now(UTC), "attempts": 1})
    withdrawn = record.inputs["withdrawn"]
    live.produce(events.WITHDRAWN, {"input_id": withdrawn["input_id"],
                                    "partner_id": record.partner_id,
                                    "withdrawn_at": datetime.now(UTC)})
    wait_for(lambda: live.input_state(record.id_of("quoted")).closed_at is not None,
             message="the quoted input's loop closed")
    wait_for(lambda: live.input_state(record.id_of("withdrawn")).withdrawn_at is not None,
             message="the withdrawal in the read model")
