"""`heard dlq replay TOPIC`: send what sits in TOPIC.dlq back to TOPIC, once the cause is fixed.

Each record keeps its key, value and event id header, so consumers that handled it meanwhile
skip it (inbox). A consumer group per dead-letter topic remembers what was replayed, so running
the command twice does not send anything twice.
"""
from __future__ import annotations

import logging

from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

from services.common.messaging.connection import KafkaTarget, connection_of
from services.common.messaging.kafka_clients import make_producer

log = logging.getLogger(__name__)


def replay_dead_letters(target: KafkaTarget, topic: str, timeout: float = 30.0) -> int:
    dlq = f"{topic}.dlq"
    consumer = KafkaConsumer(**connection_of(target).options(),
                             group_id=f"heard-dlq-replay-{topic}", enable_auto_commit=False,
                             auto_offset_reset="earliest", client_id="heard-dlq-replay")
    producer = make_producer(target, "heard-dlq-replay")
    replayed = 0
    try:
        partitions = [TopicPartition(dlq, p) for p in sorted(consumer.partitions_for_topic(dlq) or ())]
        ends = consumer.end_offsets(partitions)
        for tp in partitions:
            consumer.assign([tp])  # one at a time: a poll then returns only this partition
            while consumer.position(tp) < ends[tp]:
                for record in consumer.poll(timeout_ms=int(timeout * 1000)).get(tp, []):
                    if record.offset >= ends[tp]:
                        break
                    headers = [(name, value) for name, value in (record.headers or ())
                               if not name.startswith("dlq.")]
                    producer.send(topic, key=record.key, value=record.value,
                                  headers=headers).get(timeout=timeout)
                    # committed one by one: an interrupted replay resumes after the last sent
                    consumer.commit({tp: OffsetAndMetadata(record.offset + 1, "", -1)})
                    replayed += 1
        return replayed
    finally:
        producer.close(timeout=10)
        consumer.close(autocommit=False)
