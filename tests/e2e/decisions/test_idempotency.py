"""Idempotency-Key on decisions' create endpoints: a retried request creates nothing new, and a
retried progress entry emits no second event (so nobody is emailed twice)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from services.decisions.adapters.orm import decisions, progress_entries
from tests.e2e.decisions.conftest import bearer, ids_of

DRAFT = {"title": "Open a night crisis café", "summary": "A café open 8pm to 8am.",
         "rationale": "People told us A&E is the wrong place at 3am.", "decided_on": "2026-11-01"}


def count(stack, table, **where) -> int:
    query = select(func.count()).select_from(table)
    for name, value in where.items():
        query = query.where(table.c[name] == value)
    with stack.runtime.engine.connect() as conn:
        return conn.execute(query).scalar_one()


def post(board, path: str, body: dict, key: str):
    return board.client.post(path, json=body, headers={**bearer(board.key), "Idempotency-Key": key})


def outbox_events(stack, event_type: str, decision_id: str) -> int:
    outbox = stack.runtime.outbox_table
    with stack.runtime.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(outbox).where(
            outbox.c.event_type == event_type, outbox.c.message_key == decision_id)).scalar_one()


def test_a_retried_create_replays_the_first_response_and_creates_nothing(stack):
    board = stack.new_board()
    body = {**DRAFT, "programme": board.programme}
    first = post(board, "/v1/decisions", body, "draft-1")
    again = post(board, "/v1/decisions", body, "draft-1")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert count(stack, decisions, board_id=board.board_id) == 1
    other = post(board, "/v1/decisions", {**body, "title": "Something else"}, "draft-1")
    assert other.status_code == 409 and other.json["errors"] == {
        "Idempotency-Key": ["This Idempotency-Key was already used for a different request."]}
    # no key: each request is its own
    assert board.post("/v1/decisions", body).status_code == 201
    assert count(stack, decisions, board_id=board.board_id) == 2


def test_concurrent_retries_of_a_progress_entry_make_one_entry_and_one_event(stack):
    board = stack.new_board()
    submitted = stack.submit(board.programme, 1)
    draft = board.draft()
    decision_id = draft["decision_id"]
    assert board.link(decision_id, ids_of(submitted)).status_code == 201
    assert board.post(f"/v1/decisions/{decision_id}/publish").status_code == 200
    body = {"status": "in_progress", "percent": 40, "note": "The café's lease is signed."}
    app = board.client.application

    def send(_):
        client = app.test_client()
        return client.post(f"/v1/decisions/{decision_id}/progress", json=body,
                           headers={**bearer(board.key), "Idempotency-Key": "progress-1"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(40)))
    statuses = {a.status_code for a in answers}
    assert statuses <= {201, 409} and 201 in statuses, statuses
    assert all("still in progress" in a.json["message"] for a in answers if a.status_code == 409)
    assert count(stack, progress_entries, decision_id=decision_id) == 1
    assert outbox_events(stack, "progress-updated", decision_id) == 1
    retried = send(0)
    assert retried.status_code == 201 and retried.headers["Idempotent-Replayed"] == "true"
