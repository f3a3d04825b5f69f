"""Decisions through its HTTP API, with its real worker consuming from the real broker."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.common.auth.store import issue_key
from services.decisions.entrypoints.api import create_app
from tests.integration.decisions import events
from tests.support.polling import wait_for
from tests.support.programmes import programme_ids
from tests.support.services import make_runtime, running_worker


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


class Board:
    """A board's view of the API: its id, its key and a test client."""

    def __init__(self, client, board_id: str, key: str, programme: str):
        self.client, self.board_id, self.key, self.programme = client, board_id, key, programme

    def get(self, path: str, **query):
        return self.client.get(path, query_string=query, headers=bearer(self.key))

    def post(self, path: str, body: dict | None = None):
        return self.client.post(path, json=body or {}, headers=bearer(self.key))

    def delete(self, path: str):
        return self.client.delete(path, headers=bearer(self.key))

    def queue_ids(self, **query) -> list[str]:
        response = self.get("/v1/queue", **query)
        assert response.status_code == 200, response.json
        return [item["input_id"] for item in response.json["items"]]

    def draft(self, **fields) -> dict:
        body = {"programme": self.programme, "title": "Open a night crisis café",
                "summary": "A café open 8pm to 8am, run with peer supporters.",
                "rationale": "People told us A&E is the wrong place at 3am.",
                "decided_on": (date.today() - timedelta(days=1)).isoformat(), **fields}
        response = self.post("/v1/decisions", body)
        assert response.status_code == 201, response.json
        return response.json

    def link(self, decision_id: str, input_ids: list[str], influence: str = "adopted",
             explanation: str = "You asked for this, and we will do it."):
        return self.post(f"/v1/decisions/{decision_id}/links",
                         {"input_ids": input_ids, "influence": influence, "explanation": explanation})


class Stack:
    def __init__(self, runtime, bootstrap: str):
        self.runtime, self.bootstrap = runtime, bootstrap
        self.client = create_app(runtime=runtime).test_client()
        with runtime.uow_factory() as uow:
            admin, _ = issue_key(uow, role="admin", label="test admin")
            uow.commit()
        self.admin_key = admin.secret

    def new_board(self, programme: str | None = None, **fields) -> Board:
        programme = programme or f"Crisis care {uuid.uuid4().hex[:8]}"
        body = {"name": f"Mental Health Board {uuid.uuid4().hex[:8]}", "organisation": "Northtown ICB",
                "programme_ids": programme_ids(self.runtime.uow_factory, programme), **fields}
        created = self.client.post("/v1/boards", json=body, headers=bearer(self.admin_key))
        assert created.status_code == 201, created.json
        board_id = created.json["board_id"]
        key = self.client.post("/v1/keys", json={"role": "board", "board_id": board_id},
                               headers=bearer(self.admin_key))
        assert key.status_code == 201, key.json
        return Board(self.client, board_id, key.json["key"], programme)

    def submit(self, programme: str, count: int = 1, **kwargs) -> list[dict]:
        """Produce input-submitted events; returns them once the worker has read them all."""
        submitted = [events.input_submitted(programme, days_ago=10 - i * 0.1, **kwargs)
                     for i in range(count)]
        for event in submitted:
            events.produce(self.bootstrap, events.SUBMITTED, event)
        ids = {e["payload"]["input_id"] for e in submitted}
        # a fresh consumer group reads the suite's whole shared broker first
        wait_for(lambda: ids <= self.known_inputs(ids), timeout=120, message="inputs in the read model")
        return submitted

    def relayed(self) -> bool:
        """True once the relay has sent every event in the outbox."""
        from sqlalchemy import func, select

        outbox = self.runtime.outbox_table
        with self.runtime.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(outbox)
                                .where(outbox.c.published_at.is_(None))).scalar_one() == 0

    def known_inputs(self, ids) -> set[str]:
        from sqlalchemy import select

        from services.decisions.adapters.orm import inputs
        with self.runtime.engine.connect() as conn:
            return set(conn.execute(select(inputs.c.input_id).where(
                inputs.c.input_id.in_(sorted(ids)))).scalars())


@pytest.fixture
def stack(kafka_bootstrap, database_url):
    runtime = make_runtime("decisions", database_url, kafka_bootstrap)
    with running_worker("decisions", runtime):
        yield Stack(runtime, kafka_bootstrap)
    runtime.engine.dispose()


def ids_of(submitted: list[dict]) -> list[str]:
    return [event["payload"]["input_id"] for event in submitted]
