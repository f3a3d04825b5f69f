"""Two relays on one PostgreSQL outbox (two worker replicas) publish each event once, in order.

SQLite deployments run one worker per service, so this is PostgreSQL's test alone.
"""
from __future__ import annotations

import collections
import threading
import uuid

from services.common.auth.store import issue_key
from services.common.contracts import contract_for
from services.common.devstack.postgres import create_database, drop_database
from services.common.messaging.kafka_clients import make_producer
from services.common.messaging.relay import OutboxRelay
from tests.support.kafka import header, read_topic
from tests.support.polling import wait_for
from tests.support.services import make_runtime


def test_two_relays_take_turns_and_publish_each_event_once(kafka_bootstrap, postgres_admin_url):
    url = create_database(postgres_admin_url, f"heard_relays_{uuid.uuid4().hex[:8]}")
    try:
        runtime = make_runtime("intake", url, kafka_bootstrap)
        with runtime.uow_factory() as uow:
            for n in range(300):
                issue_key(uow, role="admin", label=f"replica {n}")
            ours = [envelope.event_id for envelope in uow.published]
            uow.commit()

        stop = threading.Event()
        relays = [OutboxRelay(runtime.engine, runtime.outbox_table,
                              lambda n=n: make_producer(kafka_bootstrap, f"replica-{n}"),
                              kafka_bootstrap, batch_size=10) for n in range(2)]
        threads = [threading.Thread(target=relay.run, args=(stop,), daemon=True) for relay in relays]
        for thread in threads:
            thread.start()
        try:
            wait_for(lambda: relays[0].pending_count() == 0, timeout=120, message="outbox drained")
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)

        topic = contract_for("intake", "api-key-changed", 1).topic
        order = [header(r, "event_id") for r in read_topic(kafka_bootstrap, topic)]
        counts = collections.Counter(order)
        assert {counts[event_id] for event_id in ours} == {1}
        assert [e for e in order if e in set(ours)] == ours  # one partition: outbox order kept
    finally:
        runtime.engine.dispose()
        drop_database(postgres_admin_url, url)
