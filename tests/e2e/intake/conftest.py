"""Intake with its real worker (outbox relay + consumer) against the real broker, on each DB."""
from __future__ import annotations

import pytest

from tests.integration.intake.support import IntakeApi
from tests.support.services import make_runtime, running_worker


@pytest.fixture
def live_api(kafka_bootstrap, database_url):
    runtime = make_runtime("intake", database_url, kafka_bootstrap)
    with running_worker("intake", runtime) as worker:
        api = IntakeApi(runtime)
        api.worker = worker
        yield api
    runtime.engine.dispose()
