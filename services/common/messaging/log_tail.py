"""Read the last messages of topics to learn which event ids are already there."""
from __future__ import annotations

import time

from kafka import KafkaConsumer, TopicPartition

from services.common.messaging.connection import KafkaTarget, connection_of


def event_ids_in_tail(target: KafkaTarget, topics: set[str], window: int,
                      deadline_seconds: float = 30.0) -> set[str]:
    consumer = KafkaConsumer(**connection_of(target).options(), group_id=None,
                             enable_auto_commit=False, client_id="heard-relay-tail")
    try:
        partitions = [TopicPartition(topic, p) for topic in topics
                      for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not partitions:
            return set()
        consumer.assign(partitions)
        ends = consumer.end_offsets(partitions)
        starts = consumer.beginning_offsets(partitions)
        remaining = {}
        for tp in partitions:
            start = max(starts[tp], ends[tp] - window)
            if ends[tp] > start:
                consumer.seek(tp, start)
                remaining[tp] = ends[tp]
        seen: set[str] = set()
        deadline = time.monotonic() + deadline_seconds
        while remaining and time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=1000)
            if not batch:
                # nothing more arrives within a second: a compacted gap or an empty range
                if all(consumer.position(tp) >= end for tp, end in remaining.items()):
                    break
                continue
            for tp, records in batch.items():
                for record in records:
                    for name, value in record.headers or ():
                        if name == "event_id":
                            seen.add(value.decode())
                if consumer.position(tp) >= remaining.get(tp, 0):
                    remaining.pop(tp, None)
        return seen
    finally:
        consumer.close(autocommit=False)
