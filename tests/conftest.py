"""Shared fixtures: a real Kafka broker and real databases (SQLite and PostgreSQL).

With CI=true a test that needs the broker or PostgreSQL fails when they are missing;
elsewhere it is skipped with the reason.
"""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.support import kafka_marks

IN_CI = os.environ.get("CI", "").lower() == "true"
# The services a test starts as processes (gunicorn, `heard run`) inherit this: the suite sends far
# more requests than any client may, so rate limits are off unless a test turns them on.
os.environ.setdefault("HEARD_RATE_LIMITS", "off")
# and a public page shows a change at once (in service up to HEARD_SITE_FRESH_MS later), so a
# test can read a page right after its change; tests/integration/site/test_kept_pages.py sets it
os.environ.setdefault("HEARD_SITE_FRESH_MS", "0")

# headless Chromium with axe-core for the public site (fixtures: chromium, browser)
pytest_plugins = ["tests.support.browser"]


def unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory) -> Iterator[str]:
    """Bootstrap servers of a real broker: KAFKA_BOOTSTRAP_SERVERS, or one started here."""
    from services.common.devstack import free_port
    from services.common.devstack.kafka_broker import KafkaBroker
    from services.common.messaging.kafka_clients import ensure_topics

    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        ensure_topics(os.environ["KAFKA_BOOTSTRAP_SERVERS"])
        kafka_marks.share(os.environ["KAFKA_BOOTSTRAP_SERVERS"])
        yield os.environ["KAFKA_BOOTSTRAP_SERVERS"]
        kafka_marks.close()
        return
    broker = KafkaBroker(tmp_path_factory.mktemp("kafka"), port=free_port(), controller_port=free_port())
    try:
        broker.ensure_jars()
        broker.start()
        broker.wait_ready(timeout=120)
    except Exception as exc:  # noqa: BLE001 - reported as skip or failure below
        broker.stop()
        unavailable(f"Kafka broker could not be started: {exc}")
    ensure_topics(broker.bootstrap_servers)
    kafka_marks.share(broker.bootstrap_servers)
    yield broker.bootstrap_servers
    kafka_marks.close()
    broker.stop()


@pytest.fixture(autouse=True)
def _shared_broker_starts_at_this_test(request) -> Iterator[None]:
    """Groups a test makes on the shared broker skip earlier tests' events (tests/support/kafka_marks.py)."""
    if "kafka_bootstrap" not in request.fixturenames:
        yield
        return
    with kafka_marks.marked(request.getfixturevalue("kafka_bootstrap")):
        yield


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    from services.common.devstack.postgres import find_admin_url

    url = find_admin_url()
    if url is None:
        unavailable("PostgreSQL is not reachable (run deploy/dev/ensure-postgres.sh)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database of each kind. Tests using it run on both."""
    from tests.support.databases import fresh_database

    with fresh_database(request, request.param, tmp_path) as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'heard.db'}"
