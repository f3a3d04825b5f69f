"""/healthz and /readyz on every service, with the broker up and with it unreachable."""
from __future__ import annotations

import pytest

from services.common.cli import catalogue
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker


def app_for(service: str, runtime):
    import importlib
    return importlib.import_module(f"services.{service}.entrypoints.api").create_app(runtime=runtime)


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_ready_only_once_the_worker_consumes(service, kafka_bootstrap, database_url):
    runtime = make_runtime(service, database_url, kafka_bootstrap)
    client = app_for(service, runtime).test_client()
    assert client.get("/healthz").json == {"status": "ok", "service": service}
    # database and broker answer, but no worker has joined the consumer group yet
    early = client.get("/readyz")  # 200: a balancer keeps sending it input for the outbox
    assert early.status_code == 200 and early.json["status"] == "degraded"
    assert any("no worker" in reason for reason in early.json["reasons"]), early.json
    with running_worker(service, runtime):
        ready = wait_for(lambda: (r := client.get("/readyz")).json["status"] == "ready" and r,
                         timeout=60, message=f"{service} to be ready")
    assert ready.json["outbox_backlog"] == 0 and ready.json["broker"] == "ok"
    assert ready.json["worker"]["assigned_partitions"] > 0
    assert ready.json["worker"]["key_topics_lag"] == 0 and ready.json["reasons"] == []


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_not_ready_when_the_broker_is_unreachable(service, sqlite_url):
    from services.common.devstack import free_port

    client = app_for(service, make_runtime(service, sqlite_url, f"127.0.0.1:{free_port()}")).test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json["status"] == "degraded"
    assert ready.json["broker"] == "unavailable" and ready.json["database"] == "ok"
    assert "the broker does not answer (input is kept in the outbox)" in ready.json["reasons"]


def test_openapi_and_docs_page_are_served(kafka_bootstrap, sqlite_url):
    client = app_for("intake", make_runtime("intake", sqlite_url, kafka_bootstrap)).test_client()
    spec = client.get("/openapi.json").json
    assert spec["info"]["title"] == "Heard intake" and "/readyz" in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    assert b"swagger-ui" in client.get("/docs").data


def test_unavailable_503_when_the_database_does_not_answer(kafka_bootstrap, tmp_path):
    url = f"sqlite:///{tmp_path / 'gone.db'}"
    runtime = make_runtime("intake", url, kafka_bootstrap)
    client = app_for("intake", runtime).test_client()
    runtime.engine.dispose()
    (tmp_path / "gone.db").unlink()  # SQLite makes an empty file again: no tables to answer
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json["status"] == "unavailable"
    assert "the database does not answer" in ready.json["reasons"]
