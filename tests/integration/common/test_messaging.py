"""The event backbone against the real broker and real databases."""
from __future__ import annotations

import json
import threading
import uuid

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select

from services.common.contracts import contract_for, new_envelope
from services.common.db.engine import make_engine
from services.common.db.tables import add_shared_tables
from services.common.db.types import utcnow
from services.common.db.unit_of_work import SqlUnitOfWork
from services.common.messaging.consumer import EventConsumer
from services.common.messaging.inbox import idempotent
from services.common.messaging.kafka_clients import make_consumer, make_producer
from tests.support.kafka import header, produce_envelope, produce_raw, read_topic
from tests.support.polling import wait_for

PARTNERS = contract_for("intake", "partner-registered", 1)

metadata = MetaData()
add_shared_tables(metadata)
effects = Table("effects", metadata, Column("id", Integer, primary_key=True),
                Column("partner_id", String(36), nullable=False))


def partner_event(name: str = "Northtown Peer Support") -> dict:
    partner_id = uuid.uuid4()
    payload = PARTNERS.build({"partner_id": partner_id, "name": name, "registered_at": utcnow()})
    return new_envelope(PARTNERS.event_type, PARTNERS.version, "intake", payload).to_wire()


@pytest.fixture
def consumer_db(database_url):
    engine = make_engine(database_url)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def running_consumer(kafka_bootstrap, consumer_db):
    """A real EventConsumer whose handler inserts one `effects` row per event it handles."""
    def record_effect(uow, delivery):
        uow.connection.execute(insert(effects).values(partner_id=str(delivery.payload["partner_id"])))

    def uow_factory(correlation_id=None):
        return SqlUnitOfWork(consumer_db, metadata, "test", correlation_id)

    consumer = EventConsumer(
        name="test-consumer",
        consumer_factory=lambda: make_consumer(kafka_bootstrap, f"test-{uuid.uuid4().hex}",
                                               [PARTNERS.topic], "test-consumer"),
        producer_factory=lambda: make_producer(kafka_bootstrap, "test-dlq"),
        handlers={PARTNERS.topic: idempotent(uow_factory, record_effect)},
    )
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    yield consumer
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()


def effects_for(engine, partner_id: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(effects)
                            .where(effects.c.partner_id == partner_id)).scalar_one()


def test_same_event_delivered_twice_changes_the_database_once(kafka_bootstrap, consumer_db,
                                                               running_consumer):
    event = partner_event()
    partner_id = event["payload"]["partner_id"]
    produce_envelope(kafka_bootstrap, PARTNERS.topic, partner_id, event)
    produce_envelope(kafka_bootstrap, PARTNERS.topic, partner_id, event)
    # a later, different event on the same key proves both copies were consumed before it
    marker = partner_event()
    produce_envelope(kafka_bootstrap, PARTNERS.topic, partner_id, marker)
    wait_for(lambda: effects_for(consumer_db, marker["payload"]["partner_id"]) == 1,
             message="marker event handled")
    assert effects_for(consumer_db, partner_id) == 1


def test_malformed_message_goes_to_dlq_and_the_next_good_one_is_processed(
        kafka_bootstrap, consumer_db, running_consumer):
    garbage = f"not json {uuid.uuid4()}".encode()
    wrong_version = partner_event()
    wrong_version["version"] = 99
    good = partner_event()
    key = good["payload"]["partner_id"]
    produce_raw(kafka_bootstrap, PARTNERS.topic, key.encode(), garbage)
    produce_envelope(kafka_bootstrap, PARTNERS.topic, key, wrong_version)
    produce_envelope(kafka_bootstrap, PARTNERS.topic, key, good)

    wait_for(lambda: effects_for(consumer_db, key) == 1, message="good event handled")
    assert effects_for(consumer_db, wrong_version["payload"]["partner_id"]) == 0
    dead = {record.value: record for record in read_topic(kafka_bootstrap, PARTNERS.dlq_topic)}
    assert garbage in dead
    assert "not a JSON envelope" in header(dead[garbage], "dlq.reason")
    assert header(dead[garbage], "dlq.original_topic") == PARTNERS.topic
    versioned = dead[json.dumps(wrong_version).encode()]
    assert "unknown event partner-registered v99" in header(versioned, "dlq.reason")
