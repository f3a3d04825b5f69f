"""The three real services on the real broker, each with its own database (SQLite or
PostgreSQL, every test runs on both), their workers running and the real SMTP sink."""
from __future__ import annotations

import contextlib

import pytest

from services.common.devstack.smtp_sink import SmtpSink
from services.decisions.entrypoints.api import create_app as decisions_app
from services.intake.entrypoints.api import create_app as intake_app
from services.notify.entrypoints.api import create_app as notify_app
from tests.support.databases import fresh_database
from tests.support.services import make_runtime, running_worker


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path):
    with contextlib.ExitStack() as stack:
        yield {s: stack.enter_context(fresh_database(request, request.param, tmp_path, s))
               for s in ("intake", "decisions", "notify")}


@pytest.fixture
def heard(kafka_bootstrap, databases, tmp_path):
    sink = SmtpSink(tmp_path / "mail")
    sink.start()
    runtimes = {
        "intake": make_runtime("intake", databases["intake"], kafka_bootstrap),
        "decisions": make_runtime("decisions", databases["decisions"], kafka_bootstrap),
        "notify": make_runtime("notify", databases["notify"], kafka_bootstrap,
                               HEARD_SMTP_PORT=str(sink.port)),
    }
    with running_worker("intake", runtimes["intake"]), \
            running_worker("decisions", runtimes["decisions"]), \
            running_worker("notify", runtimes["notify"]):
        yield {"runtimes": runtimes, "sink": sink,
               "intake": intake_app(runtime=runtimes["intake"]).test_client(),
               "decisions": decisions_app(runtime=runtimes["decisions"]).test_client(),
               "notify": notify_app(runtime=runtimes["notify"]).test_client()}
    sink.stop()
