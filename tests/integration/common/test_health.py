"""/healthz and /readyz on every service, with the broker up and with it unreachable."""
from __future__ import annotations

import pytest

from services.common.cli import catalogue
from tests.support.services import make_runtime


def app_for(service: str, runtime):
    import importlib
    return importlib.import_module(f"services.{service}.entrypoints.api").create_app(runtime=runtime)


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_ready_when_database_and_broker_answer(service, kafka_bootstrap, database_url):
    client = app_for(service, make_runtime(service, database_url, kafka_bootstrap)).test_client()
    assert client.get("/healthz").json == {"status": "ok", "service": service}
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json
    assert ready.json["outbox_backlog"] == 0 and ready.json["broker"] == "ok"


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_not_ready_when_the_broker_is_unreachable(service, sqlite_url):
    from services.common.devstack import free_port

    client = app_for(service, make_runtime(service, sqlite_url, f"127.0.0.1:{free_port()}")).test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["broker"] == "unavailable" and ready.json["database"] == "ok"


def test_openapi_and_docs_page_are_served(kafka_bootstrap, sqlite_url):
    client = app_for("intake", make_runtime("intake", sqlite_url, kafka_bootstrap)).test_client()
    spec = client.get("/openapi.json").json
    assert spec["info"]["title"] == "Heard intake" and "/readyz" in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    assert b"swagger-ui" in client.get("/docs").data
