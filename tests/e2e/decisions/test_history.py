"""After publication the record is append-only: revisions with reasons, and a progress timeline."""
from __future__ import annotations

import json

from services.common.contracts import Envelope, contract_for
from tests.e2e.decisions.conftest import ids_of
from tests.support.kafka import read_topic
from tests.support.polling import wait_for

REVISED = contract_for("decisions", "outcome-revised", 1)
PROGRESS = contract_for("decisions", "progress-updated", 1)
CHANGED = "We looked again: the café will open on Sundays from next spring."


def events_for(bootstrap: str, contract, decision_id: str) -> list[dict]:
    """The decision's events on the contract's topic, each validated against the contract."""
    payloads = []
    for record in read_topic(bootstrap, contract.topic):
        if record.key.decode() == decision_id:
            envelope = Envelope.from_wire(json.loads(record.value))
            assert (envelope.event_type, envelope.version) == (contract.event_type, contract.version)
            payloads.append(contract.load(envelope.payload))
    return payloads


def published(stack, board, count: int = 2) -> tuple[str, list[str]]:
    ids = ids_of(stack.submit(board.programme, count))
    decision_id = board.draft()["decision_id"]
    board.link(decision_id, ids, "not_adopted", "We cannot open on Sundays: there are no staff.")
    assert board.post(f"/v1/decisions/{decision_id}/publish").status_code == 200
    return decision_id, ids


def test_revision_after_publication_keeps_the_old_one_readable(stack):
    board = stack.new_board()
    decision_id, ids = published(stack, board)
    extra = ids_of(stack.submit(board.programme, 1))[0]
    path = f"/v1/decisions/{decision_id}"

    assert board.post(f"{path}/links", {"input_id": extra, "influence": "noted",
                                        "explanation": "It informed how the board discussed this."}).status_code == 409
    assert board.delete(f"{path}/links/{ids[0]}").status_code == 409
    no_reason = board.post(f"{path}/revisions", {"links": [
        {"input_id": ids[0], "influence": "adapted", "explanation": CHANGED}]})
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]

    revised = board.post(f"{path}/revisions", {
        "reason": "Staffing money came through.",
        "links": [{"input_id": ids[0], "influence": "adapted", "explanation": CHANGED},
                  {"input_id": extra, "influence": "noted",
                   "explanation": "It informed how the board discussed this."}],
        "remove_input_ids": [ids[1]]})
    assert revised.status_code == 201, revised.json
    assert revised.json["revision"] == 2
    assert {link["input_id"]: link["influence"] for link in revised.json["links"]} == {
        ids[0]: "adapted", extra: "noted"}
    assert ids[1] in board.queue_ids(), "a retracted claim puts the input back in the queue"

    history = board.get(path).json["revisions"]
    assert [r["revision"] for r in history] == [1, 2]
    assert history[0]["reason"] is None
    assert {link["input_id"]: link["influence"] for link in history[0]["links"]} == {
        ids[0]: "not_adopted", ids[1]: "not_adopted"}
    assert history[1]["reason"] == "Staffing money came through."
    assert sorted(history[1]["changed_input_ids"]) == sorted([ids[0], ids[1], extra])

    event = wait_for(lambda: events_for(stack.bootstrap, REVISED, decision_id),
                     message="outcome-revised on Kafka")[0]
    assert event["revision"] == 2 and event["reason"] == "Staffing money came through."
    assert {str(link["input_id"]) for link in event["links"]} == {ids[0], extra}
    assert {str(i) for i in event["changed_input_ids"]} == {ids[0], ids[1], extra}


def test_progress_entries_build_a_timeline_and_each_is_news(stack):
    board = stack.new_board()
    draft = board.draft()["decision_id"]
    assert board.post(f"/v1/decisions/{draft}/progress",
                      {"status": "planned", "percent": 0, "note": ""}).status_code == 409
    decision_id, ids = published(stack, board)
    path = f"/v1/decisions/{decision_id}/progress"

    assert board.post(path, {"status": "planned", "percent": 101, "note": ""}).status_code == 422
    assert board.post(path, {"status": "planned", "percent": -1, "note": ""}).status_code == 422
    assert board.post(path, {"status": "planned", "percent": 0, "note": "Site found."}).status_code == 201
    status_only = board.post(path, {"status": "in_progress", "percent": 0})
    assert status_only.status_code == 201, status_only.json
    assert status_only.json["previous_status"] == "planned"
    nothing_new = board.post(path, {"status": "in_progress", "percent": 0, "note": " "})
    assert nothing_new.status_code == 422 and "note" in nothing_new.json["errors"]
    assert board.post(path, {"status": "delivered", "percent": 100,
                             "note": "Open since Monday."}).status_code == 201

    decision = board.get(f"/v1/decisions/{decision_id}").json
    assert [(e["status"], e["percent"]) for e in decision["timeline"]] == [
        ("planned", 0), ("in_progress", 0), ("delivered", 100)]
    assert decision["progress"] == {"status": "delivered", "percent": 100}

    wait_for(stack.relayed, message="outbox relayed")
    updates = events_for(stack.bootstrap, PROGRESS, decision_id)
    assert [(u["previous_status"], u["status"]) for u in updates] == [
        (None, "planned"), ("planned", "in_progress"), ("in_progress", "delivered")]
    assert {str(link["input_id"]) for link in updates[-1]["links"]} == set(ids)
