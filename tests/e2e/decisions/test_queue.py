"""The queue: filters, oldest first with age, stable cursor pages; boards and their programmes."""
from __future__ import annotations

import uuid

from tests.e2e.decisions.conftest import bearer, ids_of
from tests.support.programmes import programme_ids


def test_queue_filters_and_pages_oldest_first(stack):
    board = stack.new_board(outcome_due_days=9)
    plain = ids_of(stack.submit(board.programme, 3))  # 10.0, 9.9, 9.8 days old
    transport = ids_of(stack.submit(board.programme, 2, topics=("transport", "night care"),
                                    participation_level="co-production"))
    everything = plain[:1] + transport[:1] + plain[1:2] + transport[1:] + plain[2:]
    assert board.queue_ids() == everything

    first = board.get("/v1/queue", limit=2).json
    assert [item["age_days"] for item in first["items"]] == [10, 10]
    assert first["items"][0]["overdue"] is True
    pages, cursor = [item["input_id"] for item in first["items"]], first["next_cursor"]
    while cursor:
        page = board.get("/v1/queue", limit=2, cursor=cursor).json
        pages += [item["input_id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert pages == everything, "no row skipped or repeated across pages"

    assert board.queue_ids(topic="transport") == transport
    assert board.queue_ids(participation_level="co-production") == transport
    assert board.queue_ids(programme="Some other programme") == []
    assert board.queue_ids(older_than_days=10) == plain[:1] + transport[:1]
    assert board.get("/v1/queue", participation_level="survey").status_code == 422
    typo = board.get("/v1/queue", programe=board.programme)
    assert typo.status_code == 422 and "programe" in typo.json["errors"]


def test_a_board_covering_two_programmes_sees_both_and_none_is_refused(stack):
    narrow = stack.new_board()
    other = f"Maternity {uuid.uuid4().hex[:8]}"
    wide = stack.new_board(programme_ids=programme_ids(stack.runtime.uow_factory, narrow.programme, other))
    ids = ids_of(stack.submit(narrow.programme, 1)) + ids_of(stack.submit(other, 1))
    assert set(ids) <= set(wide.queue_ids())
    assert set(ids[:1]) == set(wide.queue_ids(programme=narrow.programme)) & set(ids)

    shown = stack.client.get(f"/v1/boards/{wide.board_id}", headers=bearer(stack.admin_key)).json
    assert shown["programmes"] == sorted([narrow.programme, other]) and shown["outcome_due_days"] == 90
    none = stack.client.post("/v1/boards", json={"name": "B", "organisation": "O", "programme_ids": []},
                             headers=bearer(stack.admin_key))
    assert none.status_code == 422 and "programme_ids" in none.json["errors"]
    twin = stack.client.post("/v1/boards", json={"name": shown["name"], "organisation": "O",
                                                 "programme_ids": shown["programme_ids"]},
                             headers=bearer(stack.admin_key)).json
    assert twin["slug"] == shown["slug"] + "-2"
