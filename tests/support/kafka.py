"""Reading and writing topics directly, for tests that check what is on the wire."""
from __future__ import annotations

import json
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from services.common.messaging.connection import KafkaTarget, connection_of


def produce_raw(bootstrap: str, topic: str, key: bytes | None, value: bytes | None,
                headers: list[tuple[str, bytes]] | None = None) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap)
    try:
        producer.send(topic, key=key, value=value, headers=headers or []).get(timeout=30)
    finally:
        producer.close()


def produce_envelope(bootstrap: str, topic: str, key: str, envelope: dict) -> None:
    produce_raw(bootstrap, topic, key.encode(), json.dumps(envelope).encode(),
                [("event_id", envelope["event_id"].encode())])


def read_topic(bootstrap: KafkaTarget, topic: str, timeout: float = 30.0) -> list:
    """Every record currently in `topic`, from the beginning to the end offsets seen now."""
    consumer = KafkaConsumer(**connection_of(bootstrap).options(), group_id=None,
                             enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        records = []
        deadline = time.monotonic() + timeout
        while any(consumer.position(tp) < ends[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise AssertionError(f"could not read {topic} to its end in {timeout}s")
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        return records
    finally:
        consumer.close(autocommit=False)


def header(record, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return value.decode()
    return None
