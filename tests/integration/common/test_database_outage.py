"""A database that does not answer: every service's API says 503 with Retry-After and a clear
message (nothing was saved, try again), never a bare 500."""
from __future__ import annotations

import importlib
import socket

import pytest

from services.common.cli import catalogue
from services.common.devstack import free_port
from tests.support.services import service_env


def api_on(service: str, url: str):
    settings = catalogue.load_settings(service, service_env(service, url, f"127.0.0.1:{free_port()}"))
    runtime = catalogue.bootstrap(service, settings)
    return runtime, importlib.import_module(f"services.{service}.entrypoints.api").create_app(runtime=runtime)


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_an_unreachable_database_is_a_503_with_retry_after(service):
    # a PostgreSQL URL on a port nobody listens on: connecting is refused, as when it is stopped
    runtime, app = api_on(service, f"postgresql+psycopg://heard:heard@127.0.0.1:{free_port()}/heard")
    answer = app.test_client().get("/v1/whoami", headers={"Authorization": "Bearer hk_not_checked"})
    assert answer.status_code == 503, answer.json
    assert answer.headers["Retry-After"] == "5"
    assert answer.json["message"].startswith("The database is not answering, so nothing was saved.")
    assert answer.json["code"] == 503 and answer.json["errors"] == {}
    runtime.engine.dispose()


def test_a_database_that_accepts_but_never_answers_is_a_503_not_a_hang():
    # a socket that listens but never speaks: without a connect timeout the request would wait
    # for ever (services/common/db/engine.py sets one unless the URL does)
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        runtime, app = api_on("intake", f"postgresql+psycopg://heard:heard@127.0.0.1:{port}/heard"
                                        "?connect_timeout=2")
        answer = app.test_client().get("/v1/whoami", headers={"Authorization": "Bearer hk_not_checked"})
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    runtime.engine.dispose()
