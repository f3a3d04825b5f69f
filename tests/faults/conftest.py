"""Fixtures for the fault matrix. `make faults` sets HEARD_FAULTS_FULL=1: full loads, both
databases. Without it (inside `make test`) the reduced form runs: smaller loads, SQLite only."""
from __future__ import annotations

import contextlib
import os

import pytest

from tests.faults.harness import FaultBroker, Heard
from tests.faults.oracle import RESULTS, table
from tests.integration.notify.support import smtp_sink

FULL = os.environ.get("HEARD_FAULTS_FULL") == "1"
KINDS = ["sqlite", "postgresql"] if FULL else ["sqlite"]


def scaled(full: int, reduced: int) -> int:
    return full if FULL else reduced


@pytest.fixture(scope="session")
def fault_broker(tmp_path_factory):
    broker = FaultBroker(tmp_path_factory.mktemp("fault-kafka"))
    try:
        broker.start()
    except Exception as exc:  # noqa: BLE001 - reported as skip or failure
        broker.stop()
        from tests.conftest import unavailable
        unavailable(f"Kafka broker could not be started: {exc}")
    yield broker
    broker.stop()


@pytest.fixture(params=KINDS)
def make_heard(request, fault_broker, tmp_path):
    """Call it with worker environment (e.g. HEARD_CONSUMER_MAX_ATTEMPTS) to get a Heard;
    `postgres_admin`: a server of the row's own for PostgreSQL (see private_postgres)."""
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(smtp_sink(tmp_path / "mail"))

        def build(postgres_admin: str | None = None, **worker_env) -> Heard:
            return Heard(request, request.param, tmp_path, fault_broker.bootstrap, sink.port,
                         stack, sink, postgres_admin, **worker_env)
        build.kind = request.param  # type: ignore[attr-defined]  # rows that fault the database
        yield build
        if not fault_broker.broker.running:  # a failed row must not leave the next without one
            fault_broker.broker.start()
            fault_broker.broker.wait_ready(timeout=120)


def pytest_terminal_summary(terminalreporter):
    if RESULTS:
        terminalreporter.section("fault matrix")
        terminalreporter.write_line(table(RESULTS))
