"""The relay killed mid-stream and restarted publishes every pending event exactly once."""
from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys

from sqlalchemy import func, select

from services.common.auth.store import issue_key
from services.common.contracts import contract_for
from services.common.settings import PROJECT_ROOT
from tests.support.kafka import header, read_topic
from tests.support.polling import wait_for
from tests.support.services import make_runtime, service_env

# small batches, so the kill lands mid-stream without flooding the shared key topic
EVENTS = 600
BATCH = 20


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "services.intake.entrypoints.worker"],
                            cwd=PROJECT_ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def counts(runtime) -> tuple[int, int]:
    outbox = runtime.outbox_table
    with runtime.engine.connect() as conn:
        published = conn.execute(select(func.count()).select_from(outbox)
                                 .where(outbox.c.published_at.is_not(None))).scalar_one()
        total = conn.execute(select(func.count()).select_from(outbox)).scalar_one()
    return published, total


def test_relay_killed_and_restarted_publishes_each_pending_event_once(kafka_bootstrap, database_url):
    env = service_env("intake", database_url, kafka_bootstrap, HEARD_RELAY_BATCH_SIZE=str(BATCH))
    runtime = make_runtime("intake", database_url, kafka_bootstrap)
    with runtime.uow_factory() as uow:
        for n in range(EVENTS):
            issue_key(uow, role="admin", label=f"bulk {n}")
        event_ids = {envelope.event_id for envelope in uow.published}
        uow.commit()

    first = start_worker(env)
    wait_for(lambda: counts(runtime)[0] > 0, timeout=60, interval=0.005, message="first batch")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    published_before_restart, total = counts(runtime)
    assert total == EVENTS
    assert published_before_restart < EVENTS, "the kill came too late to test a restart"

    second = start_worker(env)
    try:
        wait_for(lambda: counts(runtime)[0] == EVENTS, timeout=120, message="all published")
    finally:
        second.send_signal(signal.SIGTERM)
        _, stderr = second.communicate(timeout=60)
    assert second.returncode == 0, stderr.decode()[-2000:]

    topic = contract_for("intake", "api-key-changed", 1).topic
    seen = collections.Counter(header(r, "event_id") for r in read_topic(kafka_bootstrap, topic))
    ours = {event_id: seen[event_id] for event_id in event_ids}
    assert set(ours.values()) == {1}, collections.Counter(ours.values())
