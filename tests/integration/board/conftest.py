"""The board workspace on decisions' real app and a real database (SQLite and PostgreSQL), with
the read model filled through the consumer's own handlers and a clock the tests move."""
from __future__ import annotations

import re
from typing import Any
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest

from services.common.auth.store import issue_key
from services.common.db.types import utcnow
from services.decisions.entrypoints.api import create_app
from services.decisions.service_layer import read_model
from services.decisions.service_layer.boards import register_board
from tests.support.services import make_runtime
from tests.support.programmes import programme_ids

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Clock:
    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, **kwargs):
        self.now += timedelta(**kwargs)


@dataclass
class Workspace:
    runtime: Any
    app: Any
    clock: Clock
    programme: str
    board_id: str = ""
    key: str = ""
    key_id: str = ""
    partner_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def client(self):
        return self.app.test_client()

    def add_input(self, summary: str, *, days_ago: int = 10, contributor: bool = True,
                  programme: str | None = None, level: str = "consultation",
                  consent: dict | None = None) -> str:
        input_id, contributor_id = str(uuid.uuid4()), str(uuid.uuid4()) if contributor else None
        with self.runtime.uow_factory() as uow:
            read_model.input_submitted(uow, {
                "input_id": input_id, "partner_id": self.partner_id,
                "contributor_id": contributor_id, "programme": programme or self.programme,
                "summary": summary, "body": f"Body of {summary}", "engagement_method": "workshop",
                "participation_level": level, "gathered_on": date.today() - timedelta(days=days_ago + 1),
                "submitted_at": self.clock.now - timedelta(days=days_ago),
                "quote_anonymously": True, "topics": ["night care"]})
            if contributor and consent is not None:
                read_model.consent_changed(uow, {"contributor_id": contributor_id,
                                                 "partner_id": self.partner_id,
                                                 "quote_anonymously": True,
                                                 "changed_at": datetime.now(UTC), **consent})
            uow.commit()
        return input_id

    def new_board(self, programme: str | None = None) -> tuple[str, str, str]:
        covered = programme_ids(self.runtime.uow_factory, programme or self.programme)
        with self.runtime.uow_factory() as uow:
            board = register_board(uow, name=f"Board {uuid.uuid4().hex[:6]}", organisation="ICB",
                                   outcome_due_days=30, programmes=covered)
        with self.runtime.uow_factory() as uow:
            new_key, record = issue_key(uow, role="board", board_id=board.board_id, label="t")
            uow.commit()
        return board.board_id, new_key.secret, record["key_id"]

    def signed_in(self, key: str | None = None):
        """A test client signed in with the key; returns (client, csrf token)."""
        client = self.client()
        page = client.get("/board/sign-in")
        token = TOKEN.search(page.get_data(as_text=True)).group(1)
        response = client.post("/board/sign-in", data={"board_key": key or self.key, "csrf_token": token})
        assert response.status_code == 303, response.get_data(as_text=True)
        return client, self.token(client)

    def token(self, client) -> str:
        return TOKEN.search(client.get("/board/").get_data(as_text=True)).group(1)


@pytest.fixture
def workspace(database_url):
    runtime = make_runtime("decisions", database_url, "127.0.0.1:1")
    clock = Clock()
    app = create_app(runtime=runtime, config={"BOARD_CLOCK": clock, "TESTING": True})
    space = Workspace(runtime, app, clock, programme=f"Crisis care {uuid.uuid4().hex[:6]}")
    space.board_id, space.key, space.key_id = space.new_board()
    with runtime.uow_factory() as uow:
        read_model.partner_registered(uow, {"partner_id": space.partner_id, "name": "Northtown Peer Support",
                                            "registered_at": datetime.now(UTC)})
        uow.commit()
    yield space
    runtime.engine.dispose()
