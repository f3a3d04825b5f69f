"""The public site through Flask's test client, on SQLite and PostgreSQL, over a record written by
decisions' own use cases (see dataset.py)."""
from __future__ import annotations

import pytest

from services.decisions.entrypoints.api import create_app
from tests.integration.site import dataset
from tests.support.services import make_runtime


@pytest.fixture
def runtime(kafka_bootstrap, database_url):
    runtime = make_runtime("decisions", database_url, kafka_bootstrap,
                           HEARD_PUBLIC_BASE_URL=dataset.BASE_URL)
    yield runtime
    runtime.engine.dispose()


@pytest.fixture
def record(runtime) -> dataset.Dataset:
    return dataset.build(runtime)


@pytest.fixture
def client(runtime):
    return create_app(runtime=runtime).test_client()


def page_text(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)
