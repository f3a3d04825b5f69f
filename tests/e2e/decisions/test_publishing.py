"""A board works through its queue: cite input in bulk, publish, and the queue shrinks."""
from __future__ import annotations

import json

from services.common.contracts import Envelope, contract_for
from tests.e2e.decisions.conftest import ids_of
from tests.support.kafka import read_topic
from tests.support.polling import wait_for

PUBLISHED = contract_for("decisions", "outcome-published", 1)


def outcome_events(bootstrap: str, decision_id: str) -> list[dict]:
    """Every outcome-published event for the decision, validated against its contract."""
    found = []
    for record in read_topic(bootstrap, PUBLISHED.topic):
        if record.key.decode() != decision_id:
            continue
        envelope = Envelope.from_wire(json.loads(record.value))
        assert (envelope.event_type, envelope.version, envelope.producer) == (
            "outcome-published", 1, "decisions")
        found.append(PUBLISHED.load(envelope.payload))
    return found


def test_queue_shrinks_as_outcomes_are_published(stack):
    board = stack.new_board()
    submitted = ids_of(stack.submit(board.programme, 5))
    assert board.queue_ids() == submitted  # oldest first

    first = board.draft()
    assert board.link(first["decision_id"], submitted[:2]).status_code == 201
    assert board.queue_ids() == submitted, "a draft is not an outcome"
    assert board.post(f"/v1/decisions/{first['decision_id']}/publish").status_code == 200
    assert board.queue_ids() == submitted[2:]

    second = board.draft(title="Peer supporters in A&E")
    board.link(second["decision_id"], submitted[2:4], "noted", "This informed our discussion.")
    board.post(f"/v1/decisions/{second['decision_id']}/publish")
    assert board.queue_ids() == submitted[4:]


def test_bulk_links_are_all_or_nothing_and_publish_once(stack):
    board = stack.new_board()
    submitted = stack.submit(board.programme, 25)
    ids = ids_of(submitted)
    decision_id = board.draft()["decision_id"]
    explanation = "We will not open on Sundays yet, because we have no staff for it."

    short = board.link(decision_id, ids, "not_adopted", "No staff.")
    assert short.status_code == 422 and "explanation" in short.json["errors"]
    answered = board.link(decision_id, ids, "not_adopted", explanation)
    assert answered.status_code == 201, answered.json
    assert len(answered.json["links"]) == 25

    first = board.post(f"/v1/decisions/{decision_id}/publish")
    again = board.post(f"/v1/decisions/{decision_id}/publish")
    assert first.status_code == again.status_code == 200
    assert again.json == first.json
    assert first.json["status"] == "published" and first.json["revision"] == 1
    assert first.json["public_url"].endswith(f"/decisions/{decision_id}")

    # once the relay has sent everything, the topic holds one event: the second publish wrote none
    wait_for(stack.relayed, message="outbox relayed")
    events = outcome_events(stack.bootstrap, decision_id)
    assert len(events) == 1
    event = events[0]
    by_input = {str(link["input_id"]): link for link in event["links"]}
    assert set(by_input) == set(ids)
    sample = submitted[0]["payload"]
    assert str(by_input[sample["input_id"]]["contributor_id"]) == sample["contributor_id"]
    assert str(by_input[sample["input_id"]]["partner_id"]) == sample["partner_id"]
    assert by_input[sample["input_id"]]["influence"] == "not_adopted"
    assert by_input[sample["input_id"]]["explanation"] == explanation
    assert event["revision"] == 1 and event["no_input_considered"] is False
