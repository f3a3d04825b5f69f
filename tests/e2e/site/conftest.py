"""The public site served for real (decisions' app on a local port, its worker reading the real
broker), with a record built through the real path: intake's events on Kafka, the decisions API."""
from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from services.common.auth.store import issue_key
from services.decisions.adapters.orm import inputs
from services.decisions.entrypoints.api import create_app
from tests.e2e.site import record
from tests.integration.decisions import events
from tests.support.databases import fresh_database
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site_database(request, tmp_path_factory) -> Iterator[str]:
    """Like `database_url`, for a whole module: the site is built once per database."""
    with fresh_database(request, request.param, tmp_path_factory.mktemp("site"), "site") as url:
        yield url


class LiveSite:
    """Decisions' app served on a free local port, with an admin key for the API."""

    def __init__(self, runtime, bootstrap: str):
        self.runtime, self.bootstrap = runtime, bootstrap
        self.app = create_app(runtime=runtime)
        self.client = self.app.test_client()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="site", daemon=True)
        with runtime.uow_factory() as uow:
            self.admin_key = issue_key(uow, role="admin", label="site test admin")[0].secret
            uow.commit()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def call(self, method: str, path: str, key: str, body: dict | None = None) -> dict:
        response = self.client.open(path, method=method, json=body,
                                    headers={"Authorization": f"Bearer {key}"})
        assert response.status_code in (200, 201), (path, response.status_code, response.json)
        return response.json

    def produce(self, contract, payload: dict) -> None:
        events.produce(self.bootstrap, contract, events.envelope(contract, payload))

    def input_state(self, input_id: str):
        with self.runtime.engine.connect() as conn:
            return conn.execute(select(inputs.c.withdrawn_at, inputs.c.closed_at).where(
                inputs.c.input_id == input_id)).first()

    def relayed(self) -> bool:
        from sqlalchemy import func

        outbox = self.runtime.outbox_table
        with self.runtime.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(outbox)
                                .where(outbox.c.published_at.is_(None))).scalar_one() == 0


def submitted_payload(programme: str, partner_id: str, summary: str, *, consent: bool,
                      level: str, days_ago: int, anonymous: bool = False) -> dict:
    return {"input_id": uuid.uuid4(), "partner_id": partner_id,
            "contributor_id": None if anonymous else uuid.uuid4(), "programme": programme,
            "topics": ["night care"], "summary": summary, "body": "Private body text.",
            "engagement_method": "workshop", "participation_level": level,
            "gathered_on": date.today() - timedelta(days=days_ago + 1),
            "submitted_at": datetime.now(UTC) - timedelta(days=days_ago),
            "quote_anonymously": consent}


@pytest.fixture(scope="module")
def site(kafka_bootstrap, site_database):
    runtime = make_runtime("decisions", site_database, kafka_bootstrap)
    with running_worker("decisions", runtime), LiveSite(runtime, kafka_bootstrap) as live:
        live.record = record.build(live, submitted_payload)
        wait_for(live.relayed, message="outbox relayed")
        yield live
    runtime.engine.dispose()
