"""An event travels outbox -> relay -> Kafka -> another service's consumer -> its DB.

API keys are the first such event: issued on intake, they must work on decisions and notify,
and a revocation must stop them everywhere.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from services.common.auth.store import issue_key
from services.decisions.entrypoints.api import create_app as decisions_app
from services.intake.entrypoints.api import create_app as intake_app
from services.notify.entrypoints.api import create_app as notify_app
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker


@pytest.fixture
def stack(kafka_bootstrap, database_url, tmp_path):
    """intake on the parametrised DB, decisions and notify on their own SQLite files."""
    runtimes = {
        "intake": make_runtime("intake", database_url, kafka_bootstrap),
        "decisions": make_runtime("decisions", f"sqlite:///{tmp_path / 'decisions.db'}", kafka_bootstrap),
        "notify": make_runtime("notify", f"sqlite:///{tmp_path / 'notify.db'}", kafka_bootstrap),
    }
    with running_worker("intake", runtimes["intake"]), \
            running_worker("decisions", runtimes["decisions"]), \
            running_worker("notify", runtimes["notify"]):
        yield runtimes


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_key_issued_on_intake_reaches_other_services_and_revocation_follows(stack):
    with stack["intake"].uow_factory() as uow:
        admin, _ = issue_key(uow, role="admin", label="test admin")
        uow.commit()
    intake, decisions, notify = (create_app(runtime=stack[s]).test_client() for s, create_app in
                                 (("intake", intake_app), ("decisions", decisions_app), ("notify", notify_app)))

    created = intake.post("/v1/keys", json={"role": "admin", "label": "second admin"},
                          headers=bearer(admin.secret))
    assert created.status_code == 201, created.json
    second = created.json["key"]

    # the outbox row was written with the key, and the relay publishes it
    outbox = stack["intake"].outbox_table
    wait_for(lambda: _published(stack["intake"], outbox, created.json["key_id"]),
             message="key event published")
    # decisions and notify learn of the key from the topic
    for client in (decisions, notify):
        wait_for(lambda c=client: _accepts(c, second), message="key accepted")

    revoked = intake.delete(f"/v1/keys/{created.json['key_id']}", headers=bearer(admin.secret))
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    assert intake.post("/v1/keys", json={"role": "admin"}, headers=bearer(second)).status_code == 401
    for client in (decisions, notify):
        wait_for(lambda c=client: not _accepts(c, second), timeout=10, message="revocation applied")


def _accepts(client, key: str) -> bool:
    """Ask a key-protected endpoint; 401 means the key is unknown or revoked there."""
    return client.get("/v1/whoami", headers=bearer(key)).status_code == 200


def _published(runtime, outbox, key_id: str) -> bool:
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.published_at, outbox.c.value)).all()
    return any(r.published_at is not None and key_id in (r.value or "") for r in rows)


def test_unknown_key_is_401_with_the_error_body(stack):
    client = intake_app(runtime=stack["intake"]).test_client()
    response = client.post("/v1/keys", json={"role": "admin"}, headers=bearer("heard_nope"))
    assert response.status_code == 401
    assert set(response.json) == {"code", "status", "message", "errors"}
    assert response.headers["WWW-Authenticate"] == "Bearer"
