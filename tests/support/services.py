"""Build real services (real DB, real broker) for integration and end-to-end tests."""
from __future__ import annotations

import contextlib
import importlib
import os
import uuid
from collections.abc import Iterator

from services.common.cli import catalogue
from services.common.db import migrations
from services.common.runtime import Runtime
from tests.support import kafka_marks


def service_env(service: str, database_url: str, bootstrap_servers: str, **extra: str) -> dict[str, str]:
    # a fresh group per test: every test reads the topics from its own start into its own DB
    group = f"test-{service}-{uuid.uuid4().hex[:10]}"
    kafka_marks.start_group(bootstrap_servers, group)
    env = {
        f"HEARD_{service.upper()}_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers,
        f"HEARD_{service.upper()}_CONSUMER_GROUP": group,
        # the suite's own traffic is heavy; a test of the limits turns them on with its own rates
        "HEARD_RATE_LIMITS": os.environ.get("HEARD_RATE_LIMITS", "off"),
    }
    env.update(extra)
    return env


def make_runtime(service: str, database_url: str, bootstrap_servers: str, **extra: str) -> Runtime:
    settings = catalogue.load_settings(service, service_env(service, database_url, bootstrap_servers, **extra))
    migrations.upgrade(catalogue.migrations_dir(service), database_url)
    return catalogue.bootstrap(service, settings)


@contextlib.contextmanager
def running_worker(service: str, runtime: Runtime) -> Iterator[object]:
    """The service's real worker (relay + consumer) on threads of this test process."""
    worker = importlib.import_module(catalogue.worker_module(service)).build(runtime)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop.set()
        worker.join(timeout=30)
        assert not worker.failed.is_set(), f"{service} worker stopped with an error (see log)"
