"""Every environment variable the code reads is set for each container that reads it, the
settings load from those environments, and .env.example documents what compose asks for."""
from __future__ import annotations

import copy

import pytest

from services.common.cli import catalogue
from tests.deploy.code_scan import env_reads, variables_read_by
from tests.deploy.compose import (
    REPO_ROOT,
    InterpolationError, app_services, environment, heard_service_of, load_compose, read_env_file,
    referenced_variables, resolved_compose,
)
from tests.deploy.conftest import SECRETS, example_env

# Variables the code reads that a container may leave unset, and why the code default is safe.
BROKER_SECURITY = ("compose's broker speaks SASL_PLAINTEXT on its private network; SASL_SSL, with a "
                   "CA file if need be, past one machine (deploy/production.md, Broker security)")
SCRAM_USERS = ("read only by `heard broker secure`, the kafka-access job, which sets them "
               "(test_compose_broker.py)")
OVERLAYS = sorted((REPO_ROOT / "deploy" / "compose").glob("*.yml"))
SAFE_WHEN_UNSET = {
    "HEARD_WORKER_HEARTBEAT_FILE": "only workers write a heartbeat; the worker containers set it "
                                   "(test_compose_file checks their health check reads it)",
    "HEARD_NOTIFY_RETRY_BASE_SECONDS": "retry tuning: 30 s, doubling",
    "HEARD_NOTIFY_RETRY_CAP_SECONDS": "retry tuning: at most 1 h between attempts",
    "HEARD_NOTIFY_MAX_ATTEMPTS": "retry tuning: failed after 10 attempts",
    "HEARD_RELAY_BATCH_SIZE": "outbox relay tuning: 1000 events a batch",
    "HEARD_SMTP_CONNECTIONS": "notify tuning: 4 SMTP sessions send at once",
    "HEARD_CONSUMER_MAX_ATTEMPTS": "consumer tuning: a failing handler is retried 5 times, then DLQ",
    "HEARD_BOARD_SESSION_HOURS": "board workspace: sessions end after 8 idle hours",
    "HEARD_DEMO_KEY": "heard demo only: an admin key, else the one `heard run` saved",
    "HEARD_IDEMPOTENCY_TTL_HOURS": "Idempotency-Key responses are kept 24 h",
    "HEARD_RATE_LIMITS": "rate limits are on unless set to off",
    "HEARD_RATE_LIMIT_PER_KEY": "1200 requests a minute per API key (per API process)",
    "HEARD_RATE_LIMIT_PER_ADDRESS": "600 requests a minute per client address (per API process)",
    "HEARD_RATE_LIMIT_HEAVY": "30 a minute per address on the public report, figure pages and exports",
    "HEARD_FAULT": "fault injection for tests/faults; off when unset, never set in production",
    "HEARD_FAULT_AFTER": "fault injection for tests/faults; off when unset",
    "HEARD_FAULT_EVENT": "fault injection for tests/faults; off when unset",
    "KAFKA_SSL_CAFILE": BROKER_SECURITY,
    "HEARD_KAFKA_INTAKE_PASSWORD": SCRAM_USERS,
    "HEARD_KAFKA_DECISIONS_PASSWORD": SCRAM_USERS,
    "HEARD_KAFKA_NOTIFY_PASSWORD": SCRAM_USERS,
    "HEARD_FAULT_PAUSE_SECONDS": "fault injection for tests/faults; read only at a named pause point",
    "HEARD_DRAIN_SECONDS": "API tuning: after SIGTERM, new requests get 503 + Retry-After for 5 s",
    "HEARD_CONSUMER_MAX_POLL_INTERVAL_MS": "consumer tuning: 5 minutes between polls before a rebalance",
}
# What the broker jobs (`heard topics create`, `heard broker secure`) use, signed in as the admin;
# the rest of their settings keep code defaults.
TOPIC_JOB_READS = {"KAFKA_BOOTSTRAP_SERVERS", "HEARD_KAFKA_REPLICATION_FACTOR", "KAFKA_SECURITY_PROTOCOL",
                   "KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"}


def test_the_scan_finds_the_variables_the_shared_settings_read():
    names = {read.name for read in env_reads()}
    assert {"KAFKA_BOOTSTRAP_SERVERS", "HEARD_LOG_FORMAT", "HEARD_{service}_DATABASE_URL",
            "HEARD_{service}_CONSUMER_GROUP"} <= names
    assert set(variables_read_by("notify", env_reads())) >= {"HEARD_NOTIFY_DATABASE_URL"}


def unset_variables(compose) -> dict[str, dict[str, str]]:
    """container -> {variable the code reads but the container leaves unset: where it is read}"""
    reads, unset = env_reads(), {}
    for name, spec in app_services(compose).items():
        service = heard_service_of(name)
        wanted = variables_read_by(service, reads) if service else dict.fromkeys(TOPIC_JOB_READS, "")
        missing = {variable: where for variable, where in wanted.items()
                   if variable not in environment(spec) and variable not in SAFE_WHEN_UNSET}
        if missing:
            unset[name] = missing
    return unset


def test_every_variable_the_code_reads_is_set_in_each_container(compose):
    assert unset_variables(compose) == {}


def test_a_variable_left_out_of_a_container_is_reported_with_where_it_is_read(compose):
    broken = copy.deepcopy(compose)
    del broken["services"]["decisions-worker"]["environment"]["HEARD_DECISIONS_CONSUMER_GROUP"]
    unset = unset_variables(broken)
    assert list(unset) == ["decisions-worker"]
    assert list(unset["decisions-worker"]) == ["HEARD_DECISIONS_CONSUMER_GROUP"]
    assert unset["decisions-worker"]["HEARD_DECISIONS_CONSUMER_GROUP"].startswith(
        "services/common/settings.py:")


def test_each_service_loads_its_settings_from_its_containers_environment(compose):
    for name, spec in app_services(compose).items():
        service = heard_service_of(name) or "intake"  # `heard topics create` loads intake's
        settings = catalogue.load_settings(service, environment(spec))
        assert settings.kafka_bootstrap_servers == "kafka:9092"
        assert settings.log_format == "json"
        if heard_service_of(name):
            assert settings.database_url.startswith(f"postgresql+psycopg://{service}:")
            assert settings.database_url.endswith(f"@postgres:5432/{service}")
            assert settings.consumer_group == f"heard-{service}"


def test_a_container_gets_only_its_own_services_database_password(compose):
    for name, spec in app_services(compose).items():
        service = heard_service_of(name)
        env = environment(spec)
        for other in ("intake", "decisions", "notify"):
            if other != service:
                assert f"HEARD_{other.upper()}_DATABASE_URL" not in env, name
                assert f"heard_{other}_db_password-value" not in " ".join(env.values()), name
        if service != "notify":
            assert "HEARD_UNSUBSCRIBE_SECRET" not in env, name


def test_env_example_lists_exactly_the_variables_compose_reads_with_the_same_defaults():
    example = read_env_file()
    # the optional overlays read the same .env
    referenced = referenced_variables([load_compose(), *(load_compose(path) for path in OVERLAYS)])
    assert set(example) == set(referenced)
    for name, defaults in referenced.items():
        if name in SECRETS:
            assert example[name] == "" and defaults == set(), f"{name} must have no default"
        else:
            assert defaults == {example[name]}, f"{name}: .env.example and compose disagree"


def test_compose_refuses_to_start_without_each_secret():
    for secret in SECRETS:
        env = example_env()
        env[secret] = ""
        with pytest.raises(InterpolationError, match=secret):
            resolved_compose(env)


def test_no_password_or_secret_is_written_in_the_compose_file():
    for name, spec in load_compose()["services"].items():
        for key, value in environment(spec).items():
            if "PASSWORD" in key or "SECRET" in key:
                assert value.startswith("${") and value.endswith("}"), f"{name}: {key}"
                assert ":-}" in value or ":?" in value, f"{name}: {key} has a default"
