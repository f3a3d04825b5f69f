"""docker-compose.yml checked without a Docker engine: the Compose Specification, pinned
images, health checks, start-up order, and the topics the topic job creates."""
from __future__ import annotations

import copy
import hashlib
import json
import re

import jsonschema
import pytest

from services.common.contracts.registry import CONTRACTS
from services.common.messaging.kafka_clients import topic_specs
from tests.deploy.code_scan import topics_named, worker_subscriptions
from tests.deploy.compose import (
    REPO_ROOT, app_services, dependencies, environment, heard_service_of, load_compose,
    start_order,
)

SCHEMA_FILE = REPO_ROOT / "deploy" / "schemas" / "compose-spec.json"
INFRASTRUCTURE = ("kafka", "postgres", "mailpit")
BROKER_JOBS = ("topics", "kafka-access")


def schema_errors(document) -> list[str]:
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text()))
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(document)]


def test_the_pinned_schema_is_the_copy_its_readme_names():
    digest = hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest()
    assert digest in (SCHEMA_FILE.parent / "README.md").read_text()


def test_compose_file_follows_the_compose_specification(compose):
    assert schema_errors(compose) == []


def test_the_schema_check_catches_a_broken_file(compose):
    broken = copy.deepcopy(compose)
    broken["services"]["kafka"]["healthcheck"]["retries"] = ["many"]
    broken["services"]["intake-api"]["restart_policy"] = "always"
    errors = schema_errors(broken)
    assert any("retries" in error for error in errors)
    assert any("restart_policy" in error for error in errors)


def test_every_image_from_a_registry_is_pinned_to_a_release(compose):
    for name in INFRASTRUCTURE:
        image = compose["services"][name]["image"]
        assert re.fullmatch(r"[a-z0-9/._-]+:v?\d+\.\d+(\.\d+)?", image), f"{name}: {image}"


def test_every_service_of_heard_is_built_from_the_dockerfile(compose):
    services = app_services(compose)
    assert {name for name in compose["services"] if name not in INFRASTRUCTURE} == set(services)
    for name, spec in services.items():
        assert spec["build"] == {"context": ".", "target": "runtime"}, name


def test_long_running_containers_have_health_checks_and_jobs_run_once(compose):
    for name, spec in compose["services"].items():
        if name in BROKER_JOBS or name.endswith("-migrate"):
            assert spec["restart"] == "no" and "healthcheck" not in spec, name
        else:
            assert spec["restart"] == "unless-stopped", name
            assert spec["healthcheck"]["test"][0] in ("CMD", "CMD-SHELL"), name


def test_each_api_checks_its_own_readiness_on_the_port_it_binds(compose):
    for service in ("intake", "decisions", "notify"):
        spec = compose["services"][f"{service}-api"]
        port = spec["command"][spec["command"].index("--bind") + 1].rsplit(":", 1)[1]
        assert f"http://127.0.0.1:{port}/readyz" in spec["healthcheck"]["test"][-1]
        assert spec["ports"] == [f"127.0.0.1:{port}:{port}"]
        assert spec["command"][-1] == f"services.{service}.entrypoints.api:create_app()"


def test_each_worker_checks_the_heartbeat_it_is_told_to_write(compose):
    for service in ("intake", "decisions", "notify"):
        spec = compose["services"][f"{service}-worker"]
        assert spec["command"] == ["python", "-m", f"services.{service}.entrypoints.worker"]
        assert environment(spec)["HEARD_WORKER_HEARTBEAT_FILE"].startswith("/tmp/")
        assert "os.environ['HEARD_WORKER_HEARTBEAT_FILE']" in spec["healthcheck"]["test"][-1]


def test_start_up_waits_for_health_and_for_the_one_shot_jobs(compose):
    services = compose["services"]
    order = start_order(services)
    for job in BROKER_JOBS:
        assert order.index(job) < order.index("intake-api")
        assert dependencies(services[job]) == {"kafka": "service_healthy"}
    for name, spec in services.items():
        for dependency, condition in dependencies(spec).items():
            assert condition in ("service_healthy", "service_completed_successfully"), name
            if condition == "service_healthy":
                assert "healthcheck" in services[dependency], f"{name} waits on {dependency}"
        service = heard_service_of(name)
        if name.endswith("-migrate"):
            assert dependencies(spec) == {"postgres": "service_healthy"}
        elif service:
            assert dependencies(spec) == {
                "kafka": "service_healthy", "topics": "service_completed_successfully",
                "kafka-access": "service_completed_successfully",
                f"{service}-migrate": "service_completed_successfully",
                **({"mailpit": "service_healthy"} if name == "notify-worker" else {})}


def test_the_topic_job_runs_the_registry_driven_command(compose):
    job = compose["services"]["topics"]
    assert job["command"] == ["heard", "topics", "create"]
    env = environment(job)
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
    assert env["HEARD_KAFKA_REPLICATION_FACTOR"] == "1"
    # the broker creates no topic by itself, so a topic missing from the job cannot hide
    assert environment(compose["services"]["kafka"])["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"


@pytest.mark.parametrize("service", ["intake", "decisions", "notify"])
def test_the_topic_job_creates_every_topic_each_real_worker_subscribes_to(service, tmp_path):
    subscribed = worker_subscriptions(service, f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert subscribed and subscribed <= set(topic_specs())


def test_topic_specs_cover_every_topic_the_code_names_with_the_registry_settings():
    """Topics named through the registry (contract_for, topic_for) exist in it by construction;
    this catches a topic name written out in the code that the registry does not know."""
    specs = topic_specs(replication_factor=3)
    named = topics_named()
    assert len(named) >= 5  # the scan sees the topic names the services write
    missing = [f"{found.name} ({found.where})" for found in named if found.name not in specs]
    assert missing == []
    assert len(specs) == 2 * len(CONTRACTS)
    for contract in CONTRACTS:
        assert specs[contract.topic]["num_partitions"] == contract.partitions
        assert specs[contract.topic]["configs"]["cleanup.policy"] == (
            "compact" if contract.compacted else "delete")
        assert specs[contract.dlq_topic] == {"num_partitions": 1, "replication_factor": 3,
                                             "configs": contract.dlq_configs}



def test_the_broker_publishes_nothing_unless_asked_and_then_only_on_loopback(compose):
    kafka = compose["services"]["kafka"]
    assert "ports" not in kafka and "EXTERNAL" not in kafka["environment"]["KAFKA_LISTENERS"]
    overlay = load_compose(REPO_ROOT / "deploy" / "compose" / "kafka-from-host.yml")
    ports = overlay["services"]["kafka"]["ports"]
    assert ports and all(port.startswith("127.0.0.1:") for port in ports)
    merged = {**kafka, **overlay["services"]["kafka"],
              "environment": {**kafka["environment"], **overlay["services"]["kafka"]["environment"]}}
    assert schema_errors({**compose, "services": {**compose["services"], "kafka": merged}}) == []
