"""Cross-board isolation, withdrawn input, and requests that must be refused."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from tests.e2e.decisions.conftest import bearer, ids_of
from tests.integration.decisions import events
from tests.support.polling import wait_for


def test_a_board_sees_and_changes_only_its_own(stack):
    mine, theirs = stack.new_board(), stack.new_board()
    ids = ids_of(stack.submit(mine.programme, 1))
    decision_id = mine.draft()["decision_id"]
    mine.link(decision_id, ids)
    path = f"/v1/decisions/{decision_id}"

    assert theirs.queue_ids() == [], "input outside a board's programmes is not in its queue"
    for response in (theirs.get(path), theirs.post(f"{path}/publish"),
                     theirs.delete(f"{path}/links/{ids[0]}"),
                     theirs.post(f"{path}/progress", {"status": "planned", "percent": 0}),
                     theirs.post(f"{path}/revisions", {"reason": "x", "remove_input_ids": ids}),
                     theirs.get(f"/v1/boards/{mine.board_id}")):
        assert response.status_code == 404, response.json
        assert set(response.json) == {"code", "status", "message", "errors"}
    assert theirs.link(decision_id, ids).status_code == 404
    assert theirs.get("/v1/decisions").json["items"] == []
    assert [d["decision_id"] for d in mine.get("/v1/decisions").json["items"]] == [decision_id]
    assert mine.get(path).json["status"] == "draft", "the other board's attempts changed nothing"
    assert mine.get(f"/v1/boards/{mine.board_id}").status_code == 200


def test_withdrawn_input_leaves_the_queue_and_cannot_be_cited(stack):
    board = stack.new_board()
    submitted = stack.submit(board.programme, 3)
    ids = ids_of(submitted)
    events.produce(stack.bootstrap, events.WITHDRAWN, events.input_withdrawn(submitted[1]))
    wait_for(lambda: board.queue_ids() == [ids[0], ids[2]], message="withdrawn input gone")

    decision_id = board.draft()["decision_id"]
    single = board.post(f"/v1/decisions/{decision_id}/links", {
        "input_id": ids[1], "influence": "noted", "explanation": "It informed how the board discussed this."})
    assert single.status_code == 422
    assert ids[1] in single.json["errors"]["input_id"]
    unknown = str(uuid.uuid4())
    bulk = board.link(decision_id, [ids[0], ids[1], unknown])
    assert bulk.status_code == 422
    assert set(bulk.json["errors"]["input_ids"]) == {ids[1], unknown}
    assert board.get(f"/v1/decisions/{decision_id}").json["links"] == [], "all or nothing"


def test_withdrawal_after_citing_blocks_publication_naming_the_input(stack):
    board = stack.new_board()
    submitted = stack.submit(board.programme, 2)
    decision_id = board.draft()["decision_id"]
    board.link(decision_id, ids_of(submitted))
    events.produce(stack.bootstrap, events.WITHDRAWN, events.input_withdrawn(submitted[0]))
    withdrawn = submitted[0]["payload"]["input_id"]
    wait_for(lambda: withdrawn not in board.queue_ids(), message="withdrawal consumed")

    refused = board.post(f"/v1/decisions/{decision_id}/publish")
    assert refused.status_code == 422 and withdrawn in refused.json["errors"]["links"]
    assert board.delete(f"/v1/decisions/{decision_id}/links/{withdrawn}").status_code == 204
    assert board.post(f"/v1/decisions/{decision_id}/publish").status_code == 200


def test_bad_requests_are_422_naming_the_field(stack):
    board = stack.new_board()
    decision = {"programme": board.programme, "title": "T", "summary": "S", "rationale": "R"}
    today = date.today()
    cases = {
        "surprise": {**decision, "decided_on": today.isoformat(), "surprise": 1},
        "decided_on": {**decision, "decided_on": (today + timedelta(days=3)).isoformat()},
        "review_on": {**decision, "decided_on": today.isoformat(), "review_on": today.isoformat()},
        "title": {**decision, "title": "  ", "decided_on": today.isoformat()},
    }
    for field, body in cases.items():
        response = board.post("/v1/decisions", body)
        assert response.status_code == 422 and field in response.json["errors"], (field, response.json)

    decision_id = board.draft()["decision_id"]
    ids = ids_of(stack.submit(board.programme, 1))
    html = board.link(decision_id, ids, "adopted", "We will <b>do</b> this for you.")
    assert html.status_code == 422 and "explanation" in html.json["errors"]
    unlinked = board.post(f"/v1/decisions/{decision_id}/publish")
    assert unlinked.status_code == 422 and "no_input_considered" in unlinked.json["errors"]
    assert board.get("/v1/queue", cursor="not-a-cursor").status_code == 422
    anyway = board.post(f"/v1/decisions/{decision_id}/publish", {"no_input_considered": True})
    assert anyway.status_code == 200 and anyway.json["no_input_considered"] is True

    admin_only = stack.client.post("/v1/boards", json={"name": "B", "organisation": "O"},
                                   headers=bearer(board.key))
    assert admin_only.status_code == 403
