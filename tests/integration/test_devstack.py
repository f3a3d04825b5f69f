"""The dev stack itself: a real Kafka broker, the SMTP sink and the PostgreSQL helpers."""

from __future__ import annotations

import smtplib
import socket
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Iterator

import psycopg
import pytest
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from kafka.errors import KafkaTimeoutError

from services.common.devstack import free_port, free_ports
from services.common.devstack.kafka_broker import BrokerError, KafkaBroker
from services.common.devstack.postgres import find_admin_url, safe_url, temporary_database
from services.common.devstack.smtp_sink import SmtpSink


def unique_topic(purpose: str) -> str:
    return f"devstack.{purpose}.{uuid.uuid4().hex[:8]}.v1"


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaBroker]:
    kafka = KafkaBroker(tmp_path_factory.mktemp("kafka"), *free_ports(2))
    with kafka:
        yield kafka


@pytest.fixture
def admin(broker: KafkaBroker) -> Iterator[KafkaAdminClient]:
    client = KafkaAdminClient(bootstrap_servers=broker.bootstrap_servers)
    yield client
    client.close()


def create_topic(admin: KafkaAdminClient, topic: str) -> None:
    admin.create_topics({topic: {"num_partitions": 1, "replication_factor": 1}},
                        wait_for_metadata=True)


# --- Kafka -----------------------------------------------------------------------------------

@pytest.mark.broker
def test_a_message_produced_to_a_new_topic_is_consumed(broker: KafkaBroker,
                                                        admin: KafkaAdminClient) -> None:
    topic = unique_topic("roundtrip")
    create_topic(admin, topic)

    producer = KafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    try:
        sent = producer.send(topic, key=b"submission-1", value=b'{"hello": "heard"}',
                             headers=[("event_type", b"DevstackChecked")]).get(timeout=30)
    finally:
        producer.close()
    assert sent.topic == topic and sent.offset == 0

    consumer = KafkaConsumer(topic, bootstrap_servers=broker.bootstrap_servers,
                             group_id=f"devstack-{uuid.uuid4().hex[:8]}",
                             auto_offset_reset="earliest", enable_auto_commit=False)
    try:
        records: list = []
        deadline = time.monotonic() + 30
        while not records and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        assert len(records) == 1, "the produced message did not arrive within 30s"
        consumer.commit()
    finally:
        consumer.close()
    record = records[0]
    assert (record.key, record.value) == (b"submission-1", b'{"hello": "heard"}')
    assert list(record.headers) == [("event_type", b"DevstackChecked")]


@pytest.mark.broker
def test_topics_are_not_created_by_producing_to_them(broker: KafkaBroker,
                                                     admin: KafkaAdminClient) -> None:
    topic = unique_topic("undeclared")
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap_servers, max_block_ms=2000)
    try:
        with pytest.raises(KafkaTimeoutError):
            producer.send(topic, value=b"lost").get(timeout=5)
    finally:
        producer.close()
    assert topic not in admin.list_topics()


@pytest.mark.broker
def test_a_restarted_broker_keeps_its_topics(tmp_path: Path) -> None:
    topic = unique_topic("durable")
    restarted = KafkaBroker(tmp_path / "kafka", *free_ports(2))
    with restarted:
        with KafkaAdminClient(bootstrap_servers=restarted.bootstrap_servers) as admin:
            create_topic(admin, topic)
    cluster_id = (tmp_path / "kafka" / "cluster.id").read_text()

    # New ports too: the KRaft voter endpoint recorded at format time must not pin them.
    restarted.port, restarted.controller_port = free_ports(2)
    with restarted:
        with KafkaAdminClient(bootstrap_servers=restarted.bootstrap_servers) as admin:
            assert topic in admin.list_topics()
            assert admin.describe_cluster()["cluster_id"] == cluster_id.strip()


@pytest.mark.broker
def test_the_jar_cache_is_reused(broker: KafkaBroker, capsys: pytest.CaptureFixture[str]) -> None:
    assert broker.ensure_jars() == broker.libs_dir
    assert "fetching" not in capsys.readouterr().out
    assert (broker.libs_dir / f"kafka_2.13-{broker.version}.jar").exists()


def test_a_broker_refuses_to_start_on_a_taken_port(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        with pytest.raises(BrokerError, match=f"port {taken} .* already in use"):
            KafkaBroker(tmp_path, port=taken, controller_port=free_port()).start()


# --- SMTP sink -------------------------------------------------------------------------------

@pytest.fixture
def sink(tmp_path: Path) -> Iterator[SmtpSink]:
    with SmtpSink(tmp_path / "mail") as smtp_sink:
        yield smtp_sink


def send(sink: SmtpSink, subject: str, to: str = "resident@example.test") -> None:
    message = EmailMessage()
    message["From"] = "heard@example.test"
    message["To"] = to
    message["Subject"] = subject
    message.set_content("Your input was heard.\n")
    with smtplib.SMTP(sink.host, sink.port, timeout=10) as client:
        client.send_message(message)


def test_the_sink_stores_each_message_as_an_eml_file(sink: SmtpSink) -> None:
    for subject in ("first", "second", "third"):
        send(sink, subject)

    stored = sink.wait_for_messages(3)

    assert [message["Subject"] for message in stored] == ["first", "second", "third"]
    assert all(path.suffix == ".eml" for path in sink.message_paths())
    assert stored[0]["X-Envelope-To"] == "resident@example.test"
    assert stored[0]["Return-Path"] == "<heard@example.test>"
    assert stored[0].get_content() == "Your input was heard.\n"


def test_the_sink_refuses_mail_with_451_until_it_recovers(sink: SmtpSink) -> None:
    sink.fail_with(451)
    for _ in range(2):
        with pytest.raises(smtplib.SMTPDataError) as refused:
            send(sink, "retry me")
        assert refused.value.smtp_code == 451

    sink.recover()
    send(sink, "retry me")

    assert sink.rejected_count == 2
    assert [message["Subject"] for message in sink.wait_for_messages(1)] == ["retry me"]


def test_the_sink_can_refuse_only_the_next_recipient_permanently(sink: SmtpSink) -> None:
    sink.fail_with(550, times=1, stage="RCPT")
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(sink, "bounced", to="gone@example.test")
    assert refused.value.recipients["gone@example.test"][0] == 550

    send(sink, "delivered")

    assert [message["Subject"] for message in sink.wait_for_messages(1)] == ["delivered"]


def test_the_sink_can_hang_up_after_data_with_or_without_keeping_the_message(sink: SmtpSink) -> None:
    sink.drop_after_data(times=1)
    sink.drop_after_data(times=1, keep=False)
    for subject in ("kept", "lost"):
        with pytest.raises(smtplib.SMTPServerDisconnected):
            send(sink, subject)
    send(sink, "answered")

    assert sink.dropped_count == 2
    assert [message["Subject"] for message in sink.wait_for_messages(2)] == ["kept", "answered"]


# --- PostgreSQL ------------------------------------------------------------------------------

def test_urls_are_printed_without_their_password() -> None:
    assert "s3cret" not in safe_url("postgresql+psycopg://heard:s3cret@127.0.0.1:5432/heard")


@pytest.mark.postgres
def test_a_temporary_database_is_fresh_and_dropped_afterwards() -> None:
    admin_url = find_admin_url()
    if admin_url is None:
        pytest.skip("no PostgreSQL reachable; run deploy/dev/ensure-postgres.sh")

    with temporary_database(admin_url) as url:
        name = url.rsplit("/", 1)[1]
        assert name.startswith("heard_test_")
        with psycopg.connect(url.replace("+psycopg", "")) as connection:
            tables = connection.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchone()
            assert tables == (0,)

    with psycopg.connect(admin_url.replace("+psycopg", "")) as connection:
        still_there = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    assert still_there is None
