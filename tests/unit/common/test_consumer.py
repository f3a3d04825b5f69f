"""EventConsumer's commit, retry and dead-letter rules, with fake Kafka clients."""
from __future__ import annotations

import json
import threading

import pytest
from kafka import TopicPartition
from kafka.errors import KafkaConnectionError

from services.common.contracts import contract_for, new_envelope
from services.common.db.types import utcnow
from services.common.messaging.consumer import DeadLetterFlood, EventConsumer, InvalidMessage
from tests.unit.common.fakes import FakeConsumer, FakeProducer, Record

PARTNERS = contract_for("intake", "partner-registered", 1)
TP = TopicPartition(PARTNERS.topic, 0)


def good(offset: int, name: str = "Org", partition: int = 0) -> Record:
    import uuid
    payload = PARTNERS.build({"partner_id": uuid.uuid4(), "name": name, "registered_at": utcnow()})
    envelope = new_envelope(PARTNERS.event_type, 1, "intake", payload).to_wire()
    return Record(PARTNERS.topic, partition, offset, b"k", json.dumps(envelope).encode(),
                  [("event_id", envelope["event_id"].encode())])


def run(records, handler, **kwargs):
    stop = threading.Event()
    fake = FakeConsumer(records, stop)
    producer = FakeProducer()
    consumer = EventConsumer(name="t", consumer_factory=lambda: fake, producer_factory=lambda: producer,
                             handlers={PARTNERS.topic: handler}, backoff_initial=0.0, **kwargs)
    consumer.run(stop)
    return fake, producer


def test_offsets_are_committed_after_handling_and_point_past_the_last_record():
    handled = []
    fake, _ = run([good(0), good(1), good(2)], lambda d: handled.append(d.offset))
    assert handled == [0, 1, 2]
    assert fake.committed_offset(TP) == 3
    assert fake.closed


def test_the_partitions_of_one_poll_are_committed_in_one_commit():
    other = TopicPartition(PARTNERS.topic, 1)
    fake, _ = run([good(0), good(1), good(0, partition=1)], lambda d: None)
    assert fake.commits == [{TP: 2, other: 1}]


def test_a_partition_done_before_another_fails_is_committed_before_the_retry_wait():
    other = TopicPartition(PARTNERS.topic, 1)
    failures = {"n": 0}

    def fails_once_on_partition_1(delivery):
        if delivery.partition == 1 and failures["n"] == 0:
            failures["n"] += 1
            raise ConnectionError("database went away")

    fake, _ = run([good(0), good(0, partition=1)], fails_once_on_partition_1)
    assert fake.commits == [{TP: 1}, {other: 1}]


def test_transient_error_rewinds_and_retries_without_committing_past_it():
    attempts = {"n": 0}
    handled = []

    def flaky(delivery):
        if delivery.offset == 1 and attempts["n"] < 2:
            attempts["n"] += 1
            raise ConnectionError("database went away")
        handled.append(delivery.offset)

    fake, producer = run([good(0), good(1), good(2)], flaky)
    assert handled == [0, 1, 2]
    assert attempts["n"] == 2
    # offset 0 is committed at once; nothing beyond the failing record until it succeeds
    assert [c[TP] for c in fake.commits] == [1, 3]
    assert producer.sent == []


def test_unparseable_and_invalid_messages_go_to_the_dead_letter_topic():
    bad_json = Record(PARTNERS.topic, 0, 0, b"k", b"{oops", [])
    handled = []

    def reject_second(delivery):
        if delivery.offset == 2:
            raise InvalidMessage("refers to nothing we know")
        handled.append(delivery.offset)

    fake, producer = run([bad_json, good(1), good(2), good(3)], reject_second)
    assert handled == [1, 3]
    assert [sent[0] for sent in producer.sent] == [PARTNERS.dlq_topic] * 2
    reasons = [dict(sent[3])["dlq.reason"].decode() for sent in producer.sent]
    assert reasons[0].startswith("not a JSON envelope")
    assert reasons[1] == "refers to nothing we know"
    assert fake.committed_offset(TP) == 4


def test_payload_failing_its_schema_is_dead_lettered_naming_fields_not_values():
    record = good(0)
    envelope = json.loads(record.value)
    envelope["payload"]["name"] = "x" * 500  # too long
    fake, producer = run([record._replace(value=json.dumps(envelope).encode())], lambda d: None)
    reason = dict(producer.sent[0][3])["dlq.reason"].decode()
    assert "name" in reason and "xxxx" not in reason


def test_a_flood_of_invalid_messages_stops_the_consumer_instead_of_draining_the_topic():
    records = [Record(PARTNERS.topic, 0, n, b"k", b"garbage", []) for n in range(5)]
    with pytest.raises(DeadLetterFlood):
        run(records, lambda d: None, max_consecutive_invalid=3)


class FlakyBroker:
    """A fake consumer whose poll() and commit() raise KafkaConnectionError the first time."""

    def __init__(self, fake):
        self.fake = fake
        self.poll_failures = self.commit_failures = 1

    def poll(self, timeout_ms=0):
        if self.poll_failures:
            self.poll_failures -= 1
            raise KafkaConnectionError("broker gone")
        return self.fake.poll(timeout_ms)

    def commit(self, offsets):
        if self.commit_failures:
            self.commit_failures -= 1
            raise KafkaConnectionError("broker gone")
        self.fake.commit(offsets)

    def __getattr__(self, name):
        return getattr(self.fake, name)


def test_a_failed_offset_commit_after_the_db_commit_does_not_end_the_loop():
    stop = threading.Event()
    fake = FakeConsumer([good(0), good(1)], stop)
    flaky = FlakyBroker(fake)
    flaky.poll_failures = 0
    handled = []
    consumer = EventConsumer(name="t", consumer_factory=lambda: flaky, producer_factory=FakeProducer,
                             handlers={PARTNERS.topic: lambda d: handled.append(d.offset)},
                             backoff_initial=0.0)
    consumer.run(stop)
    assert handled == [0, 1]
    assert consumer.state.snapshot()["commit_failures"] == 1


def test_a_poll_error_reconnects_with_a_new_client():
    stop = threading.Event()
    fake = FakeConsumer([good(0)], stop)
    clients = iter([FlakyBroker(fake), fake])
    handled = []
    consumer = EventConsumer(name="t", consumer_factory=lambda: next(clients),
                             producer_factory=FakeProducer,
                             handlers={PARTNERS.topic: lambda d: handled.append(d.offset)},
                             backoff_initial=0.0)
    consumer.run(stop)
    assert handled == [0] and fake.committed_offset(TP) == 1


def test_a_handler_bug_is_retried_a_bounded_number_of_times_then_parked_with_its_error():
    attempts = []

    def buggy(delivery):
        attempts.append(delivery.offset)
        if delivery.offset == 0:
            raise KeyError("a bug")
    fake, producer = run([good(0), good(1)], buggy, max_attempts=3)
    assert attempts == [0, 0, 0, 1]
    (topic, _, _, headers), = producer.sent
    assert topic == f"{PARTNERS.topic}.dlq"
    assert dict(headers)["dlq.reason"] == b"handler failed 3 times: KeyError"
    assert fake.committed_offset(TP) == 2


def test_an_outage_is_retried_without_limit():
    from sqlalchemy.exc import OperationalError
    calls = []

    def database_away(delivery):
        calls.append(delivery.offset)
        if len(calls) < 8:
            raise OperationalError("SELECT 1", {}, Exception("gone"))
    _, producer = run([good(0)], database_away, max_attempts=3)
    assert calls == [0] * 8 and producer.sent == []


def test_a_newer_minor_version_with_an_extra_field_is_read():
    record = good(0)
    envelope = json.loads(record.value)
    envelope["payload"]["added_later"] = "ignored"
    handled = []
    run([record._replace(value=json.dumps(envelope).encode())], lambda d: handled.append(d.payload))
    assert len(handled) == 1 and "added_later" not in handled[0]


class StuckInRebalance:
    """A fake client that polls without error but is never given a partition (kafka-python 3.0
    can hang so in a rejoin)."""

    def __init__(self):
        self.closed = False
        self.polls = 0

    def poll(self, timeout_ms=0):
        self.polls += 1
        return {}

    def assignment(self):
        return set()

    def close(self, autocommit=True):
        self.closed = True


def test_a_client_given_no_partitions_in_time_is_replaced_and_the_wait_doubles():
    stop = threading.Event()
    stuck = StuckInRebalance()
    fake = FakeConsumer([good(0)], stop)
    clients = iter([stuck, fake])
    handled = []
    consumer = EventConsumer(name="t", consumer_factory=lambda: next(clients),
                             producer_factory=FakeProducer,
                             handlers={PARTNERS.topic: lambda d: handled.append(d.offset)},
                             backoff_initial=0.0, assignment_timeout=0.05)
    consumer.run(stop)
    assert stuck.closed and stuck.polls >= 1
    assert handled == [0], "the new client reads what the stuck one never got"
    assert consumer._assignment_wait == 0.05, "back to the first wait once a client was assigned"


def test_the_assignment_wait_doubles_while_clients_stay_unassigned():
    stop = threading.Event()
    made = []

    def factory():
        if len(made) == 3:
            stop.set()
        made.append(StuckInRebalance())
        return made[-1]

    consumer = EventConsumer(name="t", consumer_factory=factory, producer_factory=FakeProducer,
                             handlers={PARTNERS.topic: lambda d: None}, backoff_initial=0.0,
                             assignment_timeout=0.01)
    consumer.run(stop)
    assert len(made) == 4 and all(client.closed for client in made)
    assert consumer._assignment_wait == 0.08
