"""Notify on a real database and broker, sending to a real SMTP sink, with its real worker."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from services.common.devstack.smtp_sink import SmtpSink
from services.common.runtime import Runtime
from tests.integration.notify.support import notify_runtime, smtp_sink
from tests.support.services import running_worker


@dataclass
class NotifyStack:
    runtime: Runtime
    sink: SmtpSink
    bootstrap: str
    worker: object


@pytest.fixture
def stack(kafka_bootstrap, database_url, tmp_path):
    with smtp_sink(tmp_path / "mail") as sink:
        runtime = notify_runtime(database_url, kafka_bootstrap, sink)
        with running_worker("notify", runtime) as worker:
            yield NotifyStack(runtime, sink, kafka_bootstrap, worker)
        runtime.engine.dispose()
