"""Intake on a real database (SQLite and PostgreSQL), driven through its HTTP API."""
from __future__ import annotations

import pytest

from tests.integration.intake.support import IntakeApi
from tests.support.services import make_runtime


@pytest.fixture
def intake_runtime(kafka_bootstrap, database_url):
    runtime = make_runtime("intake", database_url, kafka_bootstrap)
    yield runtime
    runtime.engine.dispose()


@pytest.fixture
def api(intake_runtime) -> IntakeApi:
    return IntakeApi(intake_runtime)


@pytest.fixture
def partner(api):
    return api.new_partner()


@pytest.fixture
def other_partner(api):
    return api.new_partner("Southside Carers")
