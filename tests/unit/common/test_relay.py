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

