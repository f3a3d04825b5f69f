"""A board changed and retired through the API: the board topic (read back by decisions' own
worker, its one consumer) carries each whole state, so a database rebuilt from the topics on the
real broker has the board as it is now, retired, with its new programmes and its slug."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from services.decisions.adapters.orm import board_programmes, boards
from tests.e2e.decisions.conftest import bearer
from tests.support.databases import fresh_database
from tests.support.polling import wait_for
from tests.support.programmes import programme_ids
from tests.support.services import make_runtime, running_worker


@pytest.fixture
def empty_database_url(request, database_url, tmp_path):
    kind = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    with fresh_database(request, kind, tmp_path, "rebuilt") as url:
        yield url


def board_state(runtime, board_id: str):
    with runtime.engine.connect() as conn:
        row = conn.execute(select(boards).where(boards.c.board_id == board_id)).first()
        covered = conn.execute(select(board_programmes.c.programme).where(
            board_programmes.c.board_id == board_id).order_by(board_programmes.c.programme)).scalars().all()
    return None if row is None else (tuple(row), tuple(covered))


def test_a_changed_and_retired_board_is_rebuilt_as_it_is_now(stack, empty_database_url):
    board = stack.new_board()
    nights = f"Nights {uuid.uuid4().hex[:8]}"
    changed = stack.client.patch(f"/v1/boards/{board.board_id}", headers=bearer(stack.admin_key), json={
        "name": f"Crisis and Nights Board {uuid.uuid4().hex[:6]}", "outcome_due_days": 45,
        "programme_ids": programme_ids(stack.runtime.uow_factory, board.programme, nights)})
    assert changed.status_code == 200, changed.json
    retired = stack.client.post(f"/v1/boards/{board.board_id}/retire", headers=bearer(stack.admin_key))
    assert retired.status_code == 200, retired.json
    wait_for(stack.relayed, timeout=60, message="the board's states relayed")
    now = board_state(stack.runtime, board.board_id)
    assert now[0][1] == changed.json["name"] and now[1] == tuple(sorted([board.programme, nights]))

    rebuilt = make_runtime("decisions", empty_database_url, stack.bootstrap)  # a fresh group too
    try:
        with running_worker("decisions", rebuilt):
            wait_for(lambda: board_state(rebuilt, board.board_id) == now, timeout=120,
                     message="the board rebuilt as it is now")
    finally:
        rebuilt.engine.dispose()
    assert dict(zip(boards.c.keys(), now[0], strict=True))["status"] == "retired"
