"""Forged key events on the real broker are refused, dead-lettered with their reason, and change
nothing; the issuer's own events still apply."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from services.common.auth.keys import generate_key
from services.common.contracts import contract_for
from services.common.contracts.envelope import new_envelope
from services.common.db.types import utcnow
from tests.support.kafka import header, produce_envelope, read_topic
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker

PARTNER = str(uuid.uuid4())


def key_record(role: str, **changes) -> dict:
    record = {"key_id": str(uuid.uuid4()), "key_hash": generate_key().key_hash, "role": role,
              "partner_id": PARTNER if role == "partner" else None,
              "board_id": str(uuid.uuid4()) if role == "board" else None,
              "label": "forgery test", "created_at": utcnow(), "revoked_at": None}
    record.update(changes)
    return record


def send(bootstrap, topic_owner: str, record: dict, producer: str | None = None) -> str:
    contract = contract_for(topic_owner, "api-key-changed", 1)
    envelope = new_envelope(contract.event_type, 1, producer or topic_owner, contract.build(record))
    produce_envelope(bootstrap, contract.topic, str(record["key_id"]), envelope.to_wire())
    return envelope.event_id


def stored(runtime, key_id: str):
    table = runtime.api_keys_table
    with runtime.engine.connect() as conn:
        return conn.execute(select(table).where(table.c.key_id == key_id)).mappings().first()


def test_forged_key_events_go_to_the_dead_letter_topic_and_change_nothing(kafka_bootstrap,
                                                                         database_url):
    runtime = make_runtime("decisions", database_url, kafka_bootstrap)
    partner_key = key_record("partner")
    board_by_intake = key_record("board")
    wrong_producer = key_record("admin")
    forged = {}
    with running_worker("decisions", runtime):
        send(kafka_bootstrap, "intake", partner_key)
        forged[send(kafka_bootstrap, "intake", wrong_producer, producer="decisions")] = \
            "producer 'decisions' on intake's key topic"
        forged[send(kafka_bootstrap, "intake", board_by_intake)] = "intake may not grant the role 'board'"
        # decisions tries to take over intake's partner key, then to turn it into an admin key
        forged[send(kafka_bootstrap, "decisions", {**partner_key, "role": "admin", "partner_id": None})] = \
            f"key {partner_key['key_id']} was issued by intake, not decisions"
        forged[send(kafka_bootstrap, "intake", {**partner_key, "role": "admin", "partner_id": None})] = \
            "an update may not change role, partner_id"
        # the issuer's own revocation comes last: once applied, everything before it was handled
        send(kafka_bootstrap, "intake", {**partner_key, "revoked_at": utcnow()})
        wait_for(lambda: (row := stored(runtime, partner_key["key_id"])) and row["revoked_at"],
                 timeout=90, message="the issuer's own revocation applied")

    row = stored(runtime, partner_key["key_id"])
    assert (row["role"], row["partner_id"], row["issued_by"]) == ("partner", PARTNER, "intake")
    assert stored(runtime, board_by_intake["key_id"]) is None
    assert stored(runtime, wrong_producer["key_id"]) is None

    def dead_letters() -> dict:
        found = {}
        for topic in ("intake.api-key-changed.v1.dlq", "decisions.api-key-changed.v1.dlq"):
            for record in read_topic(kafka_bootstrap, topic):
                if header(record, "event_id") in forged:
                    found[header(record, "event_id")] = header(record, "dlq.reason")
        return found

    # the two key topics have no order between them: decisions' forgery may come after the
    # revocation on intake's topic, so wait for every forgery to be parked
    def all_parked() -> dict | None:
        found = dead_letters()
        return found if set(found) == set(forged) else None

    dead = wait_for(all_parked, timeout=90, message="every forged event on a dead-letter topic")
    for event_id, reason in forged.items():
        assert reason in dead[event_id], dead[event_id]
        assert dead[event_id].startswith("key event rejected")
    assert not any("@" in reason for reason in dead.values())
