"""Fixtures for decisions' API on a real database (no broker: nothing here needs events to flow)."""
from __future__ import annotations

import pytest

from services.common.auth.store import issue_key
from services.decisions.entrypoints.api import create_app
from tests.support.services import make_runtime


@pytest.fixture
def api(database_url):
    """A test client of decisions' API with `.runtime` and `.admin` (an admin key's headers)."""
    runtime = make_runtime("decisions", database_url, "127.0.0.1:1")
    client = create_app(runtime=runtime).test_client()
    with runtime.uow_factory() as uow:
        admin, _ = issue_key(uow, role="admin", label="test admin")
        uow.commit()
    client.runtime, client.admin = runtime, {"Authorization": f"Bearer {admin.secret}"}
    yield client
    runtime.engine.dispose()
