"""Each test sees the suite's shared broker as if it held only its own events.

Every test starts its services with fresh consumer groups, and a fresh group reads every topic
from the beginning, as a new service does in production. On the suite's one shared broker that
beginning holds every earlier test's events, so late in a run each test's services first read
thousands of other tests' events (minutes on PostgreSQL on a busy 2-core machine) before their own.

So at the start of each test that uses the shared broker we note where every partition ends (the
test's mark), and a group made for that test starts there: it reads exactly what this test (and
anything it starts) produces, from the beginning of the test, in production order and with
production offsets. A group made outside a test (a module-scoped stack) gets a mark taken then.
Brokers a test starts for itself (fault rows, the SASL broker) are fresh and left alone.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

Mark = dict[TopicPartition, int]

_shared: dict[str, tuple[KafkaConsumer, KafkaAdminClient]] = {}
_current: dict[str, Mark] = {}


def share(bootstrap: str) -> None:
    """Declare `bootstrap` the suite's shared broker (called once by the kafka_bootstrap fixture)."""
    _shared[bootstrap] = (KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False),
                          KafkaAdminClient(bootstrap_servers=bootstrap))


def close() -> None:
    for consumer, admin in _shared.values():
        consumer.close(autocommit=False)
        admin.close()
    _shared.clear()
    _current.clear()


def take(bootstrap: str) -> Mark:
    """Where every non-empty partition of every topic on the broker ends now."""
    consumer = _shared[bootstrap][0]
    partitions = [TopicPartition(topic, p) for topic in consumer.topics()
                  for p in consumer.partitions_for_topic(topic) or ()]
    return {tp: end for tp, end in consumer.end_offsets(partitions).items() if end}


@contextlib.contextmanager
def marked(bootstrap: str) -> Iterator[None]:
    """For the duration of one test: groups made now start at the test's beginning."""
    _current[bootstrap] = take(bootstrap)
    try:
        yield
    finally:
        _current.pop(bootstrap, None)


def start_group(bootstrap: str, group: str) -> None:
    """Commit the current mark as `group`'s position, when `bootstrap` is the shared broker."""
    if bootstrap not in _shared:
        return
    mark = _current.get(bootstrap) or take(bootstrap)
    if not mark:
        return
    errors = _shared[bootstrap][1].alter_group_offsets(
        group, {tp: OffsetAndMetadata(end, "", None) for tp, end in mark.items()})
    failed = {f"{tp.topic}[{tp.partition}]": error.__name__ for tp, error in errors.items()
              if error.__name__ != "NoError"}
    assert not failed, f"could not start consumer group {group} at the test's mark: {failed}"
