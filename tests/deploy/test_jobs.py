"""The one-shot jobs and the worker health check, run for real from their compose definitions:
the topic job against the broker, a migrate job, then a worker process and its health check."""
from __future__ import annotations

import os
import signal
import time
import uuid

import pytest
from kafka.admin import ConfigResource, ConfigResourceType

from services.common.messaging.kafka_clients import make_admin, topic_specs
from tests.deploy.local_run import run_locally, start_locally
from tests.support.polling import wait_for

# the suite's broker is PLAINTEXT; the compose jobs' SASL sign-in runs against a SASL broker in
# tests/e2e/security/test_broker_acls.py
SUITE_BROKER = {"KAFKA_SECURITY_PROTOCOL": "PLAINTEXT"}

@pytest.mark.broker
def test_the_topic_job_leaves_every_topic_with_its_partitions_and_clean_up_policy(
        compose, kafka_bootstrap, tmp_path):
    job = compose["services"]["topics"]
    result = run_locally(job, job["command"], {"KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap, **SUITE_BROKER,
                                                         "HEARD_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("created ")

    wanted = topic_specs()
    admin = make_admin(kafka_bootstrap)
    try:
        described = {topic["name"]: topic for topic in admin.describe_topics(list(wanted))}
        configs = admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name, configs=["cleanup.policy"]) for name in wanted],
            config_filter="all")
    finally:
        admin.close()
    for name, spec in wanted.items():
        partitions = described[name]["partitions"]
        assert len(partitions) == spec["num_partitions"], name
        assert all(len(p["replica_nodes"]) == 1 for p in partitions), name  # the job's factor
        assert config_value(configs, name, "cleanup.policy") == spec["configs"]["cleanup.policy"], name


def config_value(configs, topic: str, key: str) -> str:
    for resources in configs.values():
        if topic in resources:
            return resources[topic][key]["value"]
    raise AssertionError(f"no configs for {topic}")


@pytest.mark.broker
@pytest.mark.postgres
def test_migrate_job_then_worker_whose_health_check_follows_its_heartbeat(
        compose, kafka_bootstrap, database_url, tmp_path):
    heartbeat = tmp_path / "worker.heartbeat"
    env = {"HEARD_INTAKE_DATABASE_URL": database_url, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap, **SUITE_BROKER,
           "HEARD_INTAKE_CONSUMER_GROUP": f"test-intake-{uuid.uuid4().hex[:10]}",
           "HEARD_WORKER_HEARTBEAT_FILE": str(heartbeat), "HEARD_VAR_DIR": str(tmp_path)}
    migrate = compose["services"]["intake-migrate"]
    migrated = run_locally(migrate, migrate["command"], env)
    assert migrated.returncode == 0, migrated.stderr[-2000:]

    spec = compose["services"]["intake-worker"]
    health_check = spec["healthcheck"]["test"][1:]  # after "CMD"

    def healthy() -> bool:
        return run_locally(spec, health_check, env).returncode == 0

    assert not healthy()  # no heartbeat yet
    with open(tmp_path / "worker.log", "wb") as log:
        worker = start_locally(spec, spec["command"], env, stdout=log, stderr=log)
    try:
        wait_for(healthy, timeout=60, interval=0.5, message="worker healthy")
        worker.send_signal(signal.SIGSTOP)  # a hung worker stops touching its heartbeat
        stale = time.time() - 31
        os.utime(heartbeat, (stale, stale))
        assert not healthy()
        worker.send_signal(signal.SIGCONT)
        wait_for(healthy, timeout=30, interval=0.5, message="healthy again once it runs")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0, (tmp_path / "worker.log").read_text()[-2000:]
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
