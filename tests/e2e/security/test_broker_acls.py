"""A real broker with docker-compose.yml's SASL and authorizer settings (both from
services/common/messaging/broker_security.py), provisioned by compose's own `topics` and
`kafka-access` jobs, run here with their compose commands and environments: each service signs
in with the SCRAM user and password its compose containers use, writes only its own topics and
reads only what it consumes; the contacts topic is intake's and notify's alone."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.errors import (
    GroupAuthorizationFailedError,
    KafkaError,
    TopicAuthorizationFailedError,
)

from services.common.auth.store import issue_key
from services.common.devstack import free_ports
from services.common.devstack.kafka_broker import KafkaBroker
from services.common.messaging.acls import READS
from services.common.messaging.connection import KafkaConnection
from services.common.messaging.kafka_clients import make_consumer, make_producer, topic_specs
from tests.conftest import unavailable
from tests.deploy.compose import environment, resolved_compose
from tests.deploy.conftest import example_env
from tests.deploy.local_run import run_locally
from tests.support.kafka import read_topic
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker

SERVICES = ("intake", "decisions", "notify")
CONTACTS = "intake.contacts.v1"


@dataclass
class SecuredBroker:
    broker: KafkaBroker
    compose: dict

    def container_env(self, service: str) -> dict[str, str]:
        """The Kafka settings of the service's compose worker container."""
        env = environment(self.compose["services"][f"{service}-worker"])
        return {name: value for name, value in env.items() if name.startswith("KAFKA_SASL_")
                or name == "KAFKA_SECURITY_PROTOCOL"}

    def signed_in_as(self, service: str, password: str | None = None) -> KafkaConnection:
        env = self.container_env(service)
        return KafkaConnection(self.broker.bootstrap_servers, env["KAFKA_SECURITY_PROTOCOL"],
                               env["KAFKA_SASL_MECHANISM"], env["KAFKA_SASL_USERNAME"],
                               password or env["KAFKA_SASL_PASSWORD"])


@pytest.fixture(scope="module")
def secured(tmp_path_factory) -> Iterator[SecuredBroker]:
    compose = resolved_compose(example_env())
    admin_password = environment(compose["services"]["kafka"])["HEARD_KAFKA_ADMIN_PASSWORD"]
    port, controller_port = free_ports(2)
    broker = KafkaBroker(tmp_path_factory.mktemp("sasl-kafka"), port, controller_port,
                         sasl_admin=("heard-admin", admin_password))
    try:
        broker.start()
        broker.wait_ready(timeout=120)
    except Exception as exc:  # noqa: BLE001 - reported as skip or failure below
        broker.stop()
        unavailable(f"a SASL Kafka broker could not be started: {exc}")
    for job in ("topics", "kafka-access"):  # as compose runs them, pointed at this broker
        spec = compose["services"][job]
        result = run_locally(spec, spec["command"], {
            "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
            "HEARD_VAR_DIR": str(tmp_path_factory.mktemp(job))}, timeout=120)
        assert result.returncode == 0, f"{job}: {result.stderr[-2000:]}"
    yield SecuredBroker(broker, compose)
    broker.stop()


def test_the_compose_jobs_made_every_topic_and_user(secured):
    assert set(topic_specs()) <= set(_admin_topics(secured.broker.admin_connection))
    for service in SERVICES:  # each service's own user exists and may describe its group
        _read(secured.signed_in_as(service), _a_topic_read_by(service), f"heard-{service}")


def _admin_topics(connection: KafkaConnection) -> list[str]:
    consumer = KafkaConsumer(**connection.options(), group_id=None)
    try:
        return sorted(consumer.topics())
    finally:
        consumer.close()


def _a_topic_read_by(service: str) -> str:
    return READS[service][-1]


def _send(connection: KafkaConnection, topic: str) -> None:
    producer = make_producer(connection, "acl-test")
    try:
        producer.send(topic, key=b"k", value=b"{}").get(timeout=30)
    finally:
        producer.close(timeout=5)


def _read(connection: KafkaConnection, topic: str, group: str) -> None:
    consumer = make_consumer(connection, group, [topic], "acl-test")
    try:
        for _ in range(20):  # each poll gives up after a second when nothing is there
            consumer.poll(timeout_ms=1000)
            if consumer.assignment():
                return
        raise AssertionError(f"no partition of {topic} was assigned")
    finally:
        consumer.close(autocommit=False)


def test_a_service_writes_its_own_topics_and_is_refused_anothers(secured):
    intake = secured.signed_in_as("intake")
    _send(intake, "intake.input-submitted.v1")
    with pytest.raises(TopicAuthorizationFailedError):
        _send(intake, "decisions.outcome-published.v1")
    with pytest.raises(TopicAuthorizationFailedError):
        _send(secured.signed_in_as("notify"), CONTACTS)  # a reader may not write


def _fetch(connection: KafkaConnection, topic: str) -> list:
    """Every record of partition 0, read without a group (as the relay's tail check reads)."""
    consumer = KafkaConsumer(**connection.options(), group_id=None, enable_auto_commit=False)
    partition = TopicPartition(topic, 0)
    try:
        end = consumer.end_offsets([partition])[partition]  # refused here without READ
        consumer.assign([partition])
        consumer.seek_to_beginning()
        records: list = []
        while consumer.position(partition) < end:
            records.extend(r for batch in consumer.poll(timeout_ms=1000).values() for r in batch)
        return records
    finally:
        consumer.close(autocommit=False)


def test_only_notify_reads_the_contacts_topic(secured):
    producer = make_producer(secured.signed_in_as("intake"), "acl-test")
    try:
        for partition in range(3):  # partition 0 gets one, whichever way keys hash
            producer.send(CONTACTS, key=b"contact", value=b"{}", partition=partition).get(timeout=30)
    finally:
        producer.close(timeout=5)
    assert [r.key for r in _fetch(secured.signed_in_as("notify"), CONTACTS)][-1] == b"contact"
    _read(secured.signed_in_as("notify"), CONTACTS, "heard-notify")  # in its own group, too
    with pytest.raises(TopicAuthorizationFailedError):
        _fetch(secured.signed_in_as("decisions"), CONTACTS)


def test_a_service_may_not_use_another_services_consumer_group(secured):
    with pytest.raises(GroupAuthorizationFailedError):
        _read(secured.signed_in_as("intake"), "decisions.outcome-published.v1", "heard-decisions")


def test_a_wrong_password_or_no_sasl_is_not_let_in(secured):
    for stranger in (secured.signed_in_as("intake", password="not-the-password"),
                     KafkaConnection(secured.broker.bootstrap_servers)):
        with pytest.raises(KafkaError):
            KafkaAdminClient(**stranger.options(), bootstrap_timeout_ms=5000).close()


def test_intakes_real_worker_runs_on_its_own_principal(secured, tmp_path):
    runtime = make_runtime(
        "intake", f"sqlite:///{tmp_path / 'intake.db'}", secured.broker.bootstrap_servers,
        **secured.container_env("intake"), HEARD_INTAKE_CONSUMER_GROUP="heard-intake")
    with running_worker("intake", runtime):
        with runtime.uow_factory() as uow:
            _, record = issue_key(uow, role="partner", label="acl test",
                                  partner_id=str(uuid.uuid4()))
            uow.commit()
        key_id = str(record["key_id"])

        def relayed() -> bool:
            return any(key_id.encode() in (r.value or b"") for r in read_topic(
                secured.broker.admin_connection, "intake.api-key-changed.v1"))
        wait_for(relayed, timeout=60, message="the key event relayed under intake's principal")
    runtime.engine.dispose()
