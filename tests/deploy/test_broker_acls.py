"""The ACL plan (services/common/messaging/acls.py) stays true to the code: each service reads
exactly what its worker consumes, and writes only its own topics."""
from __future__ import annotations

from services.common.cli.main import main
from services.common.contracts.registry import CONTRACTS
from services.common.messaging.acls import READS, grants
from tests.deploy.code_scan import SERVICES, worker_subscriptions


def _plan() -> list:
    return [g for s in SERVICES for g in grants(s, f"heard-{s}", f"heard-{s}")]


def test_each_service_reads_exactly_what_its_worker_consumes(tmp_path):
    for service in SERVICES:
        consumed = worker_subscriptions(service, f"sqlite:///{tmp_path / service}.db")
        assert sorted(READS[service]) == sorted(consumed), service


def test_only_a_topics_owner_writes_it_and_only_notify_reads_contacts_besides_intake():
    plan = _plan()
    for contract in CONTRACTS:
        writers = {g.principal for g in plan if g.name == contract.topic and g.operation == "WRITE"}
        assert writers == {f"User:heard-{contract.owner}"}, contract.topic
    readers = {g.principal for g in plan if g.name == "intake.contacts.v1" and g.operation == "READ"}
    assert readers == {"User:heard-intake", "User:heard-notify"}


def test_heard_broker_acls_prints_the_plan(capsys):
    assert main(["broker", "acls"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "ALLOW User:heard-notify READ TOPIC intake.contacts.v1" in printed
    assert len(printed) == len(_plan())  # default groups are heard-<service>
