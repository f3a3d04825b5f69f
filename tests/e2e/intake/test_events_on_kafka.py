"""What intake publishes reaches Kafka, validates against its contract, and carries contact
details only on the compacted contacts topic."""
from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from services.common.contracts import Envelope
from services.common.contracts.registry import contract_for_topic
from tests.integration.intake.support import input_body
from tests.support.kafka import header, read_topic
from tests.support.polling import wait_for

EMAIL = re.compile(rb"[\w.+-]+@[\w-]+\.[\w.-]+")
CONTACTS = "intake.contacts.v1"


def outbox_rows(runtime) -> list:
    outbox = runtime.outbox_table
    with runtime.engine.connect() as conn:
        return conn.execute(select(outbox.c.event_id, outbox.c.topic, outbox.c.message_key,
                                   outbox.c.value).order_by(outbox.c.id)).all()


def pending(runtime) -> int:
    outbox = runtime.outbox_table
    with runtime.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(outbox)
                            .where(outbox.c.published_at.is_(None))).scalar_one()


def exercise_every_publishing_endpoint(api) -> dict:
    partner = api.new_partner()
    headers = partner.headers
    api.client.patch(f"/v1/partners/{partner.partner_id}", json={"daily_digest": True},
                     headers=headers)
    person = api.new_contributor(partner, email="kafka.sam@example.org")
    person_url = f"/v1/contributors/{person['contributor_id']}"
    api.client.patch(person_url, json={"consent": {"quote_anonymously": False},
                                       "consent_method": "written"}, headers=headers)
    named = api.new_input(partner, contributor_id=person["contributor_id"])
    batch = api.client.post("/v1/inputs/batch", json={"inputs": [input_body(), input_body()]},
                            headers=headers)
    assert batch.status_code == 201
    api.client.post(f"/v1/inputs/{named['input_id']}/withdraw", json={"reason": "asked"},
                    headers=headers)
    # erasure empties contact rows not yet relayed, so let the address reach the topic first
    wait_for(lambda: pending(api.runtime) == 0, timeout=60, message="outbox relayed")
    assert api.client.delete(person_url, headers=headers).status_code == 200
    return person


def test_every_event_reaches_its_topic_valid_and_only_contacts_carry_addresses(
        live_api, kafka_bootstrap):
    person = exercise_every_publishing_endpoint(live_api)
    rows = outbox_rows(live_api.runtime)

    wait_for(lambda: pending(live_api.runtime) == 0, timeout=60, message="outbox relayed")

    on_kafka = {}
    for topic in {row.topic for row in rows}:
        for record in read_topic(kafka_bootstrap, topic):
            on_kafka[header(record, "event_id")] = record
    assert {row.topic for row in rows} >= {
        "intake.partner-registered.v1", CONTACTS, "intake.contributor-consent-changed.v1",
        "intake.input-submitted.v1", "intake.input-withdrawn.v1"}
    for row in rows:
        record = on_kafka[row.event_id]
        assert record.key.decode() == row.message_key
        if row.value is None:  # contact rows are emptied once relayed; only they may be
            assert row.topic == CONTACTS
        if record.value is None:  # the erasure tombstone
            assert (row.topic, row.message_key) == (CONTACTS, person["contributor_id"])
            continue
        contract = contract_for_topic(row.topic)
        envelope = Envelope.from_wire(json.loads(record.value))
        assert (envelope.event_type, envelope.version, envelope.producer) == (
            contract.event_type, contract.version, "intake")
        contract.load(envelope.payload)
        assert row.message_key == str(envelope.payload[contract.key_field])
        if row.topic != CONTACTS:
            assert not EMAIL.search(record.value), f"{row.topic} carries an address"
    addresses = [on_kafka[row.event_id].value for row in rows
                 if row.topic == CONTACTS and row.message_key == person["contributor_id"]]
    assert b"kafka.sam@example.org" in addresses[0] and addresses[-1] is None
