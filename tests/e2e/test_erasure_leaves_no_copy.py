"""After the whole loop (submit -> decide -> publish -> email) a contributor is erased; then every
table of the three services, every topic (dead-letter topics too, read from the beginning) and
every log file is searched for their address and name. Only their own mailbox may hold them."""
from __future__ import annotations

import logging
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from kafka import KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import MetaData, select

from services.common.contracts import contract_for
from services.common.messaging.kafka_clients import ensure_topics, make_admin
from tests.e2e.api import auth, created, mail_to as _mail_to, partner_and_board
from tests.support.kafka import read_topic
from tests.support.polling import wait_for

pytestmark = [pytest.mark.broker]
CONTACTS = contract_for("intake", "contacts", 1)


@pytest.fixture
def log_file(tmp_path):
    """Everything the services log during the test, as JSON lines with extras and tracebacks."""
    path = tmp_path / "services.log"
    handler = logging.FileHandler(path)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    # aiosmtpd ("mail.log") is the SMTP sink, which stands for the recipient's own mail server
    handler.addFilter(lambda record: not record.name.startswith("mail.log"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("kafka").setLevel(logging.INFO)
    yield path
    root.removeHandler(handler)
    root.setLevel(old_level)
    handler.close()


def test_an_erased_contributor_is_found_nowhere_but_in_their_own_mailbox(
        heard, log_file, kafka_bootstrap, tmp_path_factory):
    intake, decisions, sink = heard["intake"], heard["decisions"], heard["sink"]
    programme = f"Adult mental health crisis care {uuid.uuid4().hex[:6]}"
    admin, partner_key, board, board_key = partner_and_board(heard, programme)

    address = f"robin.{uuid.uuid4().hex[:8]}@example.org"
    name = f"Robinetta{uuid.uuid4().hex[:6]}"
    person = created(intake.post("/v1/contributors", json={
        "email": address, "preferred_name": name, "consent_method": "written",
        "consent": {"contact_about_outcomes": True, "quote_anonymously": True}},
        headers={**auth(partner_key), "Idempotency-Key": "erasure-e2e"}))
    input_id = created(intake.post("/v1/inputs", headers=auth(partner_key), json={
        "programme": programme, "topics": ["night care"], "contributor_id": person["contributor_id"],
        "summary": "Somewhere to go at night that is not A&E.", "engagement_method": "workshop",
        "participation_level": "co-design",
        "gathered_on": (date.today() - timedelta(days=2)).isoformat()}))["input_id"]
    wait_for(lambda: input_id in {i["input_id"] for i in decisions.get(
        "/v1/queue?limit=200", headers=auth(board_key)).json["items"]},
        timeout=120, message="the input in the board's queue")
    decision = created(decisions.post("/v1/decisions", headers=auth(board_key), json={
        "programme": programme, "title": "A night café", "summary": "Open 8pm to 8am.",
        "rationale": "People asked for it.", "decided_on": date.today().isoformat()}))
    created(decisions.post(f"/v1/decisions/{decision['decision_id']}/links", headers=auth(board_key),
                           json={"input_id": input_id, "influence": "adopted",
                                 "explanation": "You asked for somewhere at night: here it is."}))
    assert decisions.post(f"/v1/decisions/{decision['decision_id']}/publish",
                          headers=auth(board_key), json={}).status_code == 200
    wait_for(lambda: _mail_to(sink, address), timeout=90, message="the outcome email")

    erased = intake.delete(f"/v1/contributors/{person['contributor_id']}", headers=auth(admin))
    assert erased.status_code == 200 and erased.json["email"] is None
    runtimes = heard["runtimes"]
    wait_for(lambda: not rows_holding(runtimes, address, name), timeout=90,
             message="no table holding the address or the name")
    try:
        compact_contacts_quickly(kafka_bootstrap)
        wait_for(lambda: roll_and_check(kafka_bootstrap, address, name), timeout=180, interval=2.0,
                 message="the contacts topic compacted past the erased value")
        assert topics_holding(kafka_bootstrap, address, name) == []
    finally:
        ensure_topics(kafka_bootstrap)  # back to the erasure bound of the registry

    assert rows_holding(runtimes, address, name) == []
    replayed = intake.post("/v1/contributors", json={
        "email": address, "preferred_name": name, "consent_method": "written",
        "consent": {"contact_about_outcomes": True, "quote_anonymously": True}},
        headers={**auth(partner_key), "Idempotency-Key": "erasure-e2e"})
    assert replayed.status_code == 201 and address not in replayed.get_data(as_text=True)
    logs = [log_file, *broker_logs(tmp_path_factory), *(p for p in Path(sink.maildir).rglob("*")
                                                         if p.is_file() and p.suffix != ".eml")]
    leaked = [f"{p}: {line[:400]!r}" for p in logs for line in p.read_bytes().splitlines()
              if holds(line, address, name)]
    assert leaked == []
    assert log_file.stat().st_size > 0  # the services did log, and none of it named the person
    assert [m for m in sink.messages() if any(a.addr_spec == address for a in m["To"].addresses)]


def holds(data: bytes, address: str, name: str) -> bool:
    return address.encode() in data or name.encode() in data


def rows_holding(runtimes, address: str, name: str) -> list[str]:
    found = []
    for service, runtime in runtimes.items():
        metadata = MetaData()
        metadata.reflect(runtime.engine)
        with runtime.engine.connect() as conn:
            for table in metadata.sorted_tables:
                for row in conn.execute(select(table)):
                    if holds(repr(tuple(row)).encode(), address, name):
                        found.append(f"{service}.{table.name}")
    return found


def compact_contacts_quickly(bootstrap: str) -> None:
    """The registry's bound is an hour's roll plus a day's lag; this broker runs it in seconds."""
    admin = make_admin(bootstrap)
    try:
        admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, CONTACTS.topic, configs={
            "segment.ms": "1000", "max.compaction.lag.ms": "1000", "min.cleanable.dirty.ratio": "0.01"})])
    finally:
        admin.close()


def roll_and_check(bootstrap: str, address: str, name: str) -> bool:
    """A segment rolls on the next write after segment.ms: write a tombstone for an unknown key
    to every partition so the segment with the erased value closes and can be compacted."""
    producer = KafkaProducer(bootstrap_servers=bootstrap)
    try:
        for partition in range(CONTACTS.partitions):
            producer.send(CONTACTS.topic, key=str(uuid.uuid4()).encode(), value=None,
                          partition=partition)
        producer.flush(timeout=30)
    finally:
        producer.close()
    return not any(holds((r.value or b"") + (r.key or b""), address, name)
                   for r in read_topic(bootstrap, CONTACTS.topic))


def topics_holding(bootstrap: str, address: str, name: str) -> list[str]:
    admin = make_admin(bootstrap)
    try:
        topics = sorted(t for t in admin.list_topics() if not t.startswith("__"))
    finally:
        admin.close()
    assert CONTACTS.dlq_topic in topics and len(topics) >= 20
    found = []
    for topic in topics:
        for record in read_topic(bootstrap, topic, timeout=60):
            data = (record.key or b"") + (record.value or b"") + repr(record.headers).encode()
            if holds(data, address, name):
                found.append(topic)
                break
    return found


def broker_logs(tmp_path_factory) -> list[Path]:
    """The session broker's own log files (not its data directory), when this session started it."""
    base = tmp_path_factory.getbasetemp()
    return [p for p in base.glob("kafka*/**/*.log") if "data" not in p.relative_to(base).parts]
