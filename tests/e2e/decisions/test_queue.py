"""The queue: filters, oldest first with age, stable cursor pages; boards and their programmes."""
from __future__ import annotations

from tests.e2e.decisions.conftest import bearer, ids_of


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


def test_board_with_no_programmes_sees_every_programme_and_is_readable(stack):
    narrow = stack.new_board()
    wide = stack.new_board(programmes=[])
    ids = ids_of(stack.submit(narrow.programme, 1))
    assert set(ids) <= set(wide.queue_ids(programme=narrow.programme))

    shown = stack.client.get(f"/v1/boards/{wide.board_id}", headers=bearer(stack.admin_key)).json
    assert shown["programmes"] == [] and shown["outcome_due_days"] == 90
    twin = stack.client.post("/v1/boards", json={"name": shown["name"], "organisation": "O"},
                             headers=bearer(stack.admin_key)).json
    assert twin["slug"] == shown["slug"] + "-2"
