"""Personal data does not leak through the side doors: a dead-lettered contact keeps its headers
and reason but not its value, and a failed statement's error does not show bound values."""
from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from services.common.contracts import contract_for
from services.common.contracts.envelope import new_envelope
from services.common.db.engine import make_engine
from tests.support.kafka import header, produce_raw, read_topic
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker

CONTACTS = contract_for("intake", "contacts", 1)


def test_a_dead_lettered_contact_keeps_headers_and_reason_but_not_the_value(kafka_bootstrap,
                                                                           database_url):
    address = f"leak.{uuid.uuid4().hex[:8]}@example.org"
    # a broken contact: the address is there, the rest of the payload is not
    envelope = new_envelope(CONTACTS.event_type, 1, "intake", {"email": address}).to_wire()
    runtime = make_runtime("notify", database_url, kafka_bootstrap)
    with running_worker("notify", runtime):
        produce_raw(kafka_bootstrap, CONTACTS.topic, str(uuid.uuid4()).encode(),
                    json.dumps(envelope).encode(), [("event_id", envelope["event_id"].encode())])
        dead = wait_for(lambda: [r for r in read_topic(kafka_bootstrap, CONTACTS.dlq_topic)
                                 if header(r, "event_id") == envelope["event_id"]],
                        timeout=90, message="the broken contact on the dead-letter topic")
    assert dead[0].value is None
    assert "payload invalid" in header(dead[0], "dlq.reason")
    assert header(dead[0], "dlq.original_topic") == CONTACTS.topic
    assert address not in repr(dead[0].headers)


def test_a_failed_statement_does_not_show_its_values(database_url):
    from services.common.db import migrations
    from services.common.cli import catalogue
    from services.intake.adapters.orm import partners
    from services.common.db.types import utcnow

    migrations.upgrade(catalogue.migrations_dir("intake"), database_url)
    engine = make_engine(database_url)
    row = {"partner_id": str(uuid.uuid4()), "name": "Secret Name Ltd",
           "contact_email": "secret.person@example.org", "created_at": utcnow()}
    with engine.begin() as conn:
        conn.execute(insert(partners).values(**row))
    with pytest.raises(IntegrityError) as failed, engine.begin() as conn:
        conn.execute(insert(partners).values(**row))
    assert "secret.person@example.org" not in str(failed.value)
    assert "Secret Name" not in str(failed.value)
    engine.dispose()
