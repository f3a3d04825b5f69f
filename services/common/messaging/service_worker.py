"""Builds the worker every service runs: its outbox relay plus one consumer for its topics."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from services.common.auth.sync import key_sync_handlers
from services.common.db.outbox_scrub import empty_relayed_personal_data
from services.common.logging_setup import configure_logging
from services.common.messaging.consumer import EventConsumer, Handler
from services.common.messaging.kafka_clients import ensure_topics, make_consumer, make_producer
from services.common.messaging.relay import OutboxRelay
from services.common.messaging.worker import Worker, repeat_until_stopped
from services.common.messaging.worker_state import publish_state, worker_id

log = logging.getLogger(__name__)


def build_worker(runtime, service_handlers: dict[str, Handler], catch_up_topics: tuple[str, ...] = (),
                 extra_loops: Iterable[tuple[str, Callable[[threading.Event], None]]] = ()) -> Worker:
    """The relay plus one consumer for the service's topics and the API-key topics.
    `catch_up_topics`: topics the service is not ready without (as the key topics), listed
    with their lag in /readyz. `extra_loops`: the service's own (name, run(stop)) loops."""
    key_handlers = key_sync_handlers(runtime.uow_factory)
    handlers = {**key_handlers, **service_handlers}
    settings = runtime.settings
    bootstrap = settings.kafka
    service = settings.service

    relay = OutboxRelay(runtime.engine, runtime.outbox_table,
                        lambda: make_producer(bootstrap, f"{service}-relay"), bootstrap,
                        batch_size=settings.relay_batch_size)
    consumer = EventConsumer(
        name=f"{service}-consumer",
        consumer_factory=lambda: make_consumer(bootstrap, settings.consumer_group, sorted(handlers),
                                               f"{service}-consumer",
                                               settings.consumer_max_poll_interval_ms),
        producer_factory=lambda: make_producer(bootstrap, f"{service}-dlq"),
        handlers=handlers, max_attempts=settings.consumer_max_attempts,
    )

    def run_relay(stop):
        # inside the relay's retry loop: a broker that is down at start-up is waited for
        relay.run(stop, prepare=lambda: ensure_topics(bootstrap, settings.kafka_replication_factor,
                                                      service, handlers))

    def run_consumer(stop):
        ensure_topics(bootstrap, settings.kafka_replication_factor, service, handlers)
        consumer.run(stop)

    me = worker_id(service)

    def report():
        state = {**consumer.state.snapshot(), "key_topics": sorted(key_handlers),
                 "catch_up_topics": sorted(catch_up_topics), "restarts": worker.restarts}
        publish_state(runtime.engine, runtime.metadata.tables["worker_state"], me, state)

    def run_outbox_scrub(stop):
        # apart from the relay: relayed personal data leaves the outbox within about a second
        repeat_until_stopped(stop, lambda: empty_relayed_personal_data(runtime.engine, runtime.outbox_table),
                             what="outbox scrub", idle_wait=1.0)

    worker = Worker(service, [("relay", run_relay), ("consumer", run_consumer),
                              ("outbox-scrub", run_outbox_scrub), *extra_loops], report=report)
    worker.relay = relay
    worker.consumer = consumer
    return worker


def run_worker(bootstrap, build) -> int:
    """A worker process's main(): logging first (so start-up warnings are formatted), then run."""
    configure_logging()
    runtime = bootstrap()
    configure_logging(runtime.settings.log_format)
    return build(runtime).run_forever()
