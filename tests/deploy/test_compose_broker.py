"""The compose broker's security, read from docker-compose.yml without an engine: SASL on the only
listener other containers reach, the settings of services/common/messaging/broker_security.py
(which tests/e2e/security/test_broker_acls.py runs on a real broker, together with these jobs),
one principal per service, and users and ACLs in place before any service starts."""
from __future__ import annotations

import subprocess

from services.common.cli import catalogue
from services.common.cli.main import main
from services.common.messaging.acls import grants
from services.common.messaging.broker_security import sasl_broker_properties
from tests.deploy.compose import (
    REPO_ROOT, app_services, broker_properties, dependencies, environment, heard_service_of,
    listeners, load_compose, resolved_compose, start_order,
)
from tests.deploy.conftest import example_env

OVERLAY = REPO_ROOT / "deploy" / "compose" / "kafka-from-host.yml"
ADMIN = "heard-admin"
BROKER_JOBS = ("topics", "kafka-access")


def test_the_broker_runs_the_shared_sasl_and_authorizer_settings(compose):
    properties = broker_properties(compose["services"]["kafka"])
    password = example_env()["HEARD_KAFKA_ADMIN_PASSWORD"]
    wanted = sasl_broker_properties("INTERNAL", ADMIN, password)
    assert {key: properties.get(key) for key in wanted} == wanted
    assert properties["authorizer.class.name"] == "org.apache.kafka.metadata.authorizer.StandardAuthorizer"
    assert properties["allow.everyone.if.no.acl.found"] == "false"
    assert properties["inter.broker.listener.name"] == "INTERNAL"


def _reachable_plaintext(properties: dict[str, str]) -> list[str]:
    """Listeners with a PLAINTEXT (or SSL-only) protocol that listen beyond the loopback."""
    protocols = dict(pair.split(":") for pair in properties["listener.security.protocol.map"].split(","))
    return [f"{name}://{address}" for name, address in listeners(properties["listeners"]).items()
            if not protocols[name].startswith("SASL_") and not address.startswith("127.0.0.1:")]


def test_no_plaintext_listener_is_reachable_from_another_container(compose):
    properties = broker_properties(compose["services"]["kafka"])
    assert _reachable_plaintext(properties) == []
    assert set(listeners(properties["advertised.listeners"])) == {"INTERNAL"}
    assert properties["controller.quorum.voters"] == "1@127.0.0.1:9093"
    assert "ports" not in compose["services"]["kafka"]
    # the check itself sees the listener the file had before: every container could read it
    assert _reachable_plaintext({**properties, "listener.security.protocol.map":
                                 "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"}) == ["INTERNAL://:9092"]


def test_the_host_overlay_adds_a_sasl_listener_on_loopback_only():
    overlay = resolved_compose(example_env(), OVERLAY)["services"]["kafka"]
    base = resolved_compose(example_env())["services"]["kafka"]
    properties = broker_properties({"environment": {**environment(base), **environment(overlay)}})
    assert _reachable_plaintext(properties) == []
    for listener in ("INTERNAL", "EXTERNAL"):
        wanted = sasl_broker_properties(listener, ADMIN, example_env()["HEARD_KAFKA_ADMIN_PASSWORD"])
        assert {key: properties.get(key) for key in wanted} == wanted, listener
    assert all(port.startswith("127.0.0.1:") for port in overlay["ports"])


def _principals(compose) -> dict[str, tuple[str, str, str]]:
    """container -> (protocol, mechanism, user) of every Kafka client container."""
    return {name: (env.get("KAFKA_SECURITY_PROTOCOL"), env.get("KAFKA_SASL_MECHANISM"), env.get("KAFKA_SASL_USERNAME"))
            for name, spec in app_services(compose).items() for env in [environment(spec)]}


def test_every_client_signs_in_with_sasl_and_each_service_as_its_own_principal(compose):
    principals = _principals(compose)
    for name, principal in principals.items():
        service = heard_service_of(name)
        wanted = (ADMIN, "PLAIN") if name in BROKER_JOBS else (f"heard-{service}", "SCRAM-SHA-512")
        assert principal == ("SASL_PLAINTEXT", wanted[1], wanted[0]), name
        settings = catalogue.load_settings(service or "intake", environment(compose["services"][name]))
        assert settings.kafka.uses_sasl and settings.kafka.sasl_username == wanted[0], name
    users = {service: {principals[name][2] for name in principals if heard_service_of(name) == service}
             for service in catalogue.SERVICES}
    assert all(len(names) == 1 for names in users.values()), users
    assert len({next(iter(names)) for names in users.values()}) == len(catalogue.SERVICES)
    passwords = {environment(spec)["KAFKA_SASL_PASSWORD"] for name, spec in app_services(compose).items()
                 if heard_service_of(name)}
    assert len(passwords) == len(catalogue.SERVICES)  # each service its own secret


def test_users_and_acls_are_in_place_before_any_service_starts(compose):
    services = compose["services"]
    job = services["kafka-access"]
    assert job["command"] == ["heard", "broker", "secure"]
    order = start_order(services)
    for name, spec in app_services(compose).items():
        if heard_service_of(name) and not name.endswith("-migrate"):
            assert dependencies(spec)["kafka-access"] == "service_completed_successfully", name
            assert order.index("kafka-access") < order.index(name)
            # the job creates the user with the password this container signs in with
            env = environment(spec)
            assert environment(job)[f"HEARD_KAFKA_{heard_service_of(name).upper()}_PASSWORD"] == \
                env["KAFKA_SASL_PASSWORD"], name


def test_the_acl_plan_grants_exactly_the_principals_the_services_sign_in_as(compose):
    principals = _principals(compose)
    plan = {grant.principal for service in catalogue.SERVICES
            for grant in grants(service, f"heard-{service}", f"heard-{service}")}
    assert plan == {f"User:{principals[f'{s}-worker'][2]}" for s in catalogue.SERVICES}


def test_heard_broker_secure_names_a_missing_password(monkeypatch, capsys):
    for service in catalogue.SERVICES:
        monkeypatch.setenv(f"HEARD_KAFKA_{service.upper()}_PASSWORD", "a-password")
    monkeypatch.delenv("HEARD_KAFKA_NOTIFY_PASSWORD")
    assert main(["broker", "secure"]) == 2
    assert "HEARD_KAFKA_NOTIFY_PASSWORD" in capsys.readouterr().err


def test_no_kafka_password_is_written_in_the_file():
    raw = load_compose()
    jaas = environment(raw["services"]["kafka"])["KAFKA_LISTENER_NAME_INTERNAL_PLAIN_SASL_JAAS_CONFIG"]
    assert jaas.count("${HEARD_KAFKA_ADMIN_PASSWORD:?") == 2


def test_the_health_check_signs_in_as_the_admin(compose, tmp_path):
    """Its first step, run by a real shell: the client settings it hands the Kafka tool."""
    kafka = compose["services"]["kafka"]
    write_settings, check = kafka["healthcheck"]["test"][1].split(" && ", 1)
    assert check.startswith("/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server kafka:9092 "
                            "--command-config /tmp/heard-health.properties")
    settings_file = tmp_path / "health.properties"
    subprocess.run(["sh", "-c", write_settings.replace("/tmp/heard-health.properties", str(settings_file))],
                   env={"HEARD_KAFKA_ADMIN_PASSWORD": environment(kafka)["HEARD_KAFKA_ADMIN_PASSWORD"]},
                   check=True)
    password = example_env()["HEARD_KAFKA_ADMIN_PASSWORD"]
    assert settings_file.read_text().splitlines() == [
        "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN",
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
        f'username="{ADMIN}" password="{password}";']
