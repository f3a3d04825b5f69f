"""The outbox relay on PostgreSQL against a raw kafka-python producer with the same settings.

Both send the same N payloads (input-submitted envelopes, with the relay's three headers) to
their own 6-partition topic on the same broker. The relay's figure includes reading the rows
and marking them published; the raw producer's is sending from memory and flushing once.
"""
from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.intake_pair import INPUT, database
from benchmarks.table import Row
from services.common.cli import catalogue
from services.common.db import migrations
from services.common.db.engine import make_engine
from services.common.db.types import utcnow
from services.common.messaging.kafka_clients import make_admin, make_producer
from services.common.messaging.relay import OutboxRelay
from services.common.settings import Settings

PARTITIONS = 6


def _topics(bootstrap: str, run: str) -> tuple[str, str]:
    from kafka.admin import NewTopic

    names = (f"bench.relay-heard.{run}", f"bench.relay-raw.{run}")
    admin = make_admin(bootstrap)
    try:
        admin.create_topics([NewTopic(n, PARTITIONS, 1) for n in names])
    finally:
        admin.close()
    return names


def _rows(count: int, topic: str) -> list[dict]:
    now = utcnow()
    rows = []
    for _ in range(count):
        event_id, input_id = str(uuid.uuid4()), str(uuid.uuid4())
        envelope = {"event_id": event_id, "event_type": "input-submitted", "version": 1,
                    "occurred_at": now.isoformat(), "producer": "intake",
                    "correlation_id": event_id, "payload": {**INPUT, "input_id": input_id}}
        rows.append({"event_id": event_id, "topic": topic, "message_key": input_id,
                     "value": json.dumps(envelope), "correlation_id": event_id,
                     "event_type": "input-submitted", "created_at": now, "attempts": 0})
    return rows


def measure(folder: Path, bootstrap: str, *, rows: int) -> list[Row]:
    heard_topic, raw_topic = _topics(bootstrap, uuid.uuid4().hex[:8])
    batch_size = Settings.base_from_env("intake", os.environ)["relay_batch_size"]  # as `make run`
    with database("postgresql", folder) as url:
        migrations.upgrade(catalogue.migrations_dir("intake"), url)
        engine = make_engine(url)
        from services.intake.adapters.orm import metadata
        outbox = metadata.tables["outbox"]
        payloads = _rows(rows, heard_topic)
        with engine.begin() as conn:
            for start in range(0, rows, 5000):
                conn.execute(insert(outbox), payloads[start:start + 5000])

        relay = OutboxRelay(engine, outbox, lambda: make_producer(bootstrap, "bench-relay"),
                            bootstrap, batch_size=batch_size)
        started = time.perf_counter()
        while relay.step():  # what run() does until a turn finds nothing, without idle waits
            pass
        heard_seconds = time.perf_counter() - started
        relay.close()
        with engine.connect() as conn:
            unpublished = conn.execute(select(outbox.c.id).where(
                outbox.c.published_at.is_(None))).all()
        engine.dispose()

    producer = make_producer(bootstrap, "bench-raw")
    producer.partitions_for(raw_topic)  # metadata first, as the relay's start-up check does
    started = time.perf_counter()
    for row in payloads:
        headers = [("event_id", row["event_id"].encode()), ("event_type", b"input-submitted"),
                   ("correlation_id", row["correlation_id"].encode())]
        producer.send(raw_topic, key=row["message_key"].encode(), value=row["value"].encode(),
                      headers=headers)
    producer.flush(timeout=300)
    raw_seconds = time.perf_counter() - started
    producer.close()
    return [Row(f"relay: {rows:,} outbox rows to Kafka, PostgreSQL, vs raw producer",
                rows / heard_seconds, rows / raw_seconds, unit="msg/s", target_ratio=0.50,
                errors=len(unpublished), seconds=heard_seconds,
                extra={"batch_size": batch_size, "raw_seconds": raw_seconds})]
