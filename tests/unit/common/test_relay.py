"""OutboxRelay ordering and failure rules, with a fake producer over a SQLite outbox."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import MetaData, select

from services.common.contracts import contract_for
from services.common.db.engine import make_engine
from services.common.db.tables import add_shared_tables
from services.common.db.types import utcnow
from services.common.db.unit_of_work import SqlUnitOfWork
from services.common.messaging.relay import OutboxRelay
from tests.unit.common.fakes import FakeProducer

PARTNERS = contract_for("intake", "partner-registered", 1)


@pytest.fixture
def outbox_db(tmp_path):
    metadata = MetaData()
    add_shared_tables(metadata)
    engine = make_engine(f"sqlite:///{tmp_path / 'relay.db'}")
    metadata.create_all(engine)
    return engine, metadata


def write_events(engine, metadata, count: int) -> list[str]:
    import uuid
    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        for n in range(count):
            uow.publish(PARTNERS, {"partner_id": uuid.uuid4(), "name": f"Org {n}", "registered_at": utcnow()})
        uow.commit()
        return [e.event_id for e in uow.published]


def test_events_are_sent_in_outbox_order_with_key_and_headers_then_marked(outbox_db):
    engine, metadata = outbox_db
    ids = write_events(engine, metadata, 5)
    producer = FakeProducer()
    relay = OutboxRelay(engine, metadata.tables["outbox"], lambda: producer, "unused:9092")
    assert relay.publish_pending() == 5
    sent_ids = [dict(headers)["event_id"].decode() for _, _, _, headers in producer.sent]
    assert sent_ids == ids
    topic, key, value, _ = producer.sent[0]
    assert topic == PARTNERS.topic and key.decode() == json.loads(value)["payload"]["partner_id"]
    assert relay.pending_count() == 0
    assert relay.publish_pending() == 0 and len(producer.sent) == 5


def test_a_failed_send_stops_the_batch_and_is_retried_with_attempts_recorded(outbox_db):
    engine, metadata = outbox_db
    ids = write_events(engine, metadata, 4)
    producer = FakeProducer(fail_on={ids[1]})
    relay = OutboxRelay(engine, metadata.tables["outbox"], lambda: producer, "unused:9092")
    assert relay.publish_pending() == 1
    outbox = metadata.tables["outbox"]
    with engine.connect() as conn:
        rows = {r.event_id: r for r in conn.execute(select(outbox))}
    assert rows[ids[0]].published_at is not None
    assert rows[ids[1]].published_at is None and rows[ids[1]].attempts == 1
    assert rows[ids[1]].last_error == "TimeoutError"
    producer.fail_on.clear()
    assert relay.publish_pending() == 3
    assert relay.pending_count() == 0


def test_rolled_back_unit_of_work_leaves_no_event(outbox_db):
    engine, metadata = outbox_db
    import uuid
    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        uow.publish(PARTNERS, {"partner_id": uuid.uuid4(), "name": "Org", "registered_at": utcnow()})
        # no commit: leaving the block rolls back
    relay = OutboxRelay(engine, metadata.tables["outbox"], FakeProducer, "unused:9092")
    assert relay.pending_count() == 0



def test_a_batch_is_marked_published_with_one_update(outbox_db):
    from sqlalchemy import event

    engine, metadata = outbox_db
    write_events(engine, metadata, 50)
    updates = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *args: updates.append(statement)
                 if statement.lstrip().upper().startswith("UPDATE") else None)
    relay = OutboxRelay(engine, metadata.tables["outbox"], FakeProducer, "unused:9092")
    assert relay.publish_pending() == 50
    assert len(updates) == 1
    with engine.connect() as conn:
        outbox = metadata.tables["outbox"]
        assert {r.attempts for r in conn.execute(select(outbox))} == {1}


class FlakyBroker:
    """A broker that is down (KafkaError on every producer) until `up` is set."""

    def __init__(self):
        from kafka.errors import KafkaConnectionError
        self.error = KafkaConnectionError
        self.up = False
        self.refused = 0
        self.producers: list[FakeProducer] = []
        self.tail_checks = 0

    def producer(self):
        if not self.up:
            self.refused += 1
            raise self.error()
        self.producers.append(FakeProducer())
        return self.producers[-1]

    def tail(self, _servers, _topics, _window):
        if not self.up:
            self.refused += 1
            raise self.error()
        self.tail_checks += 1
        return set()


def test_the_relay_rides_out_a_broker_outage_and_publishes_once_it_is_back(outbox_db):
    import threading

    engine, metadata = outbox_db
    ids = write_events(engine, metadata, 3)
    broker = FlakyBroker()
    relay = OutboxRelay(engine, metadata.tables["outbox"], broker.producer, "unused:9092",
                        retry_wait=0.01, tail_reader=broker.tail)
    stop = threading.Event()
    runner = threading.Thread(target=relay.run, args=(stop,), kwargs={"idle_wait": 0.01})
    runner.start()
    try:
        # no sleep: wait until the relay has failed against the down broker several times
        from tests.support.polling import wait_for
        wait_for(lambda: broker.refused >= 3, timeout=10, message="several failed attempts")
        assert runner.is_alive() and relay.pending_count() == 3
        broker.up = True
        wait_for(lambda: relay.pending_count() == 0, timeout=10, message="published after outage")
    finally:
        stop.set()
        runner.join(timeout=10)
    sent = [dict(h)["event_id"].decode() for p in broker.producers for _, _, _, h in p.sent]
    assert sent == ids and broker.tail_checks >= 1


def test_after_a_failed_send_the_tail_is_checked_before_anything_is_sent_again(outbox_db):
    engine, metadata = outbox_db
    ids = write_events(engine, metadata, 3)
    producer = FakeProducer(fail_on={ids[1]})
    reached_kafka = {ids[1], ids[2]}  # the ack was lost, but the broker had them
    checks = []
    relay = OutboxRelay(engine, metadata.tables["outbox"], lambda: producer, "unused:9092",
                        tail_reader=lambda *_: checks.append(1) or reached_kafka)
    relay._unsure = False  # as after the start-up check
    assert relay.step() == 1
    producer.fail_on.clear()
    assert relay.step() == 0  # the tail check marked the other two: nothing is sent again
    assert checks == [1] and relay.pending_count() == 0
    assert [dict(h)["event_id"].decode() for _, _, _, h in producer.sent] == [ids[0], ids[2]]
