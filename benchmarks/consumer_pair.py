"""Decisions' read model applying N input-submitted events, against a raw consumer loop.

Both read the same N events from the same topic on the same broker, each in a fresh consumer
group with the settings of kafka_clients.make_consumer. Heard's side is decisions' real
EventConsumer with its handlers (validation, inbox, one unit of work, offset commits) on
PostgreSQL; the clock stops when the read model holds N inputs. The raw loop parses each
value as JSON and commits offsets after every poll.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path

from kafka import KafkaProducer
from sqlalchemy import func, select

from benchmarks.intake_pair import database
from benchmarks.table import Row
from services.common.contracts.envelope import new_envelope
from services.common.contracts.registry import contract_for
from services.common.messaging.consumer import EventConsumer
from services.common.messaging.kafka_clients import make_consumer, make_producer
from services.common.settings import PROJECT_ROOT
from tests.support.services import make_runtime

SUBMITTED = contract_for("intake", "input-submitted", 1)
EXAMPLE = PROJECT_ROOT / "services/common/contracts/examples/intake.input-submitted.v1.json"


def _produce(bootstrap: str, count: int) -> None:
    payload = json.loads(EXAMPLE.read_text())["payload"]
    producer = KafkaProducer(bootstrap_servers=bootstrap, linger_ms=20, acks="all")
    for n in range(count):
        input_id = str(uuid.uuid4())
        envelope = new_envelope(SUBMITTED.event_type, SUBMITTED.version, "intake",
                                {**payload, "input_id": input_id, "summary": f"Input {n}"})
        producer.send(SUBMITTED.topic, key=input_id.encode(),
                      value=json.dumps(envelope.to_wire()).encode(),
                      headers=[("event_id", envelope.event_id.encode())])
    producer.flush(timeout=600)
    producer.close()


def _heard(folder: Path, bootstrap: str, count: int) -> float:
    from services.decisions.adapters.orm import metadata
    from services.decisions.entrypoints.consumers import read_model_handlers

    with database("postgresql", folder) as url:
        runtime = make_runtime("decisions", url, bootstrap)
        handlers = {SUBMITTED.topic: read_model_handlers(runtime.uow_factory)[SUBMITTED.topic]}
        group = f"bench-decisions-{uuid.uuid4().hex[:8]}"
        consumer = EventConsumer(
            name="bench-decisions", handlers=handlers,
            consumer_factory=lambda: make_consumer(bootstrap, group, [SUBMITTED.topic], "bench"),
            producer_factory=lambda: make_producer(bootstrap, "bench-dlq"))
        inputs = metadata.tables["inputs"]
        stop = threading.Event()
        runner = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
        started = time.perf_counter()
        runner.start()
        try:
            while True:
                with runtime.engine.connect() as conn:
                    if conn.execute(select(func.count()).select_from(inputs)).scalar_one() >= count:
                        break
                time.sleep(0.1)  # progress polling while the benchmark clock runs
            return time.perf_counter() - started
        finally:
            stop.set()
            runner.join(timeout=30)
            runtime.engine.dispose()


def _raw(bootstrap: str, count: int) -> float:
    consumer = make_consumer(bootstrap, f"bench-raw-{uuid.uuid4().hex[:8]}", [SUBMITTED.topic],
                             "bench-raw")
    seen = 0
    started = time.perf_counter()
    try:
        while seen < count:
            batch = consumer.poll(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    json.loads(record.value)
                    seen += 1
            if batch:
                consumer.commit()
        return time.perf_counter() - started
    finally:
        consumer.close(autocommit=False)


def measure(folder: Path, bootstrap: str, *, events: int) -> list[Row]:
    _produce(bootstrap, events)
    raw_seconds = _raw(bootstrap, events)
    heard_seconds = _heard(folder, bootstrap, events)
    return [Row(f"consumer: decisions read model, {events:,} input-submitted, PostgreSQL, "
                "vs raw consumer loop", events / heard_seconds, events / raw_seconds,
                unit="msg/s", target_ratio=0.50, seconds=heard_seconds,
                extra={"raw_seconds": raw_seconds})]
