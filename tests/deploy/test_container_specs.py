"""The plain functions the Docker-SDK stack test is built from, exercised without an engine:
interpolation as Compose does it, and the container specs made from docker-compose.yml."""
from __future__ import annotations

import pytest

from tests.deploy.compose import REPO_ROOT, InterpolationError, interpolate, read_env_file, start_order
from tests.deploy.container_specs import container_spec, duration_ns, named_volumes, stack_specs

PROJECT = "heard-e2e-1234"
IMAGE = "heard:e2e-1234"


@pytest.mark.parametrize(("text", "expected"), [
    ("${SET}", "value"), ("$SET/x", "value/x"), ("${UNSET}", ""), ("$$SET", "$SET"),
    ("${SET:-d}", "value"), ("${EMPTY:-d}", "d"), ("${UNSET:-d}", "d"), ("${EMPTY-d}", ""),
    ("${UNSET-d}", "d"), ("${SET:+alt}", "alt"), ("${EMPTY:+alt}", ""), ("${EMPTY+alt}", "alt"),
    ("${SET:?gone}", "value"), ("${EMPTY?gone}", ""),
    ("a:${SET:-x}:${UNSET:-127.0.0.1}:b", "a:value:127.0.0.1:b"),
])
def test_interpolation_follows_compose(text, expected):
    assert interpolate(text, {"SET": "value", "EMPTY": ""}) == expected


@pytest.mark.parametrize("text", ["${EMPTY:?set it in .env}", "${UNSET:?set it in .env}", "${UNSET?x}"])
def test_a_missing_required_variable_stops_interpolation_with_its_message(text):
    with pytest.raises(InterpolationError, match=r"(EMPTY|UNSET): "):
        interpolate(text, {"EMPTY": ""})


def test_env_files_are_read_like_compose_reads_them(tmp_path):
    path = tmp_path / ".env"
    path.write_text("# comment\n\nA=1\nB = two words \nC='quoted # not a comment'\nD=\n")
    assert read_env_file(path) == {"A": "1", "B": "two words", "C": "quoted # not a comment", "D": ""}
    path.write_text("no equals sign\n")
    with pytest.raises(ValueError, match=".env:1"):
        read_env_file(path)


@pytest.mark.parametrize(("text", "ns"), [("10s", 10 * 10**9), ("1m30s", 90 * 10**9),
                                          ("500ms", 5 * 10**8), ("1.5h", 5400 * 10**9)])
def test_durations_become_nanoseconds(text, ns):
    assert duration_ns(text) == ns


@pytest.mark.parametrize("text", ["10", "ten seconds", "10s garbage", ""])
def test_a_duration_compose_would_refuse_is_refused(text):
    with pytest.raises(ValueError):
        duration_ns(text)


def test_every_service_of_the_compose_file_gets_a_spec_in_start_order(compose):
    specs = stack_specs(compose, project=PROJECT, app_image=IMAGE)
    assert list(specs) == list(compose["services"])
    assert start_order(compose["services"])[:3] == ["kafka", "postgres", "mailpit"]
    assert named_volumes(compose, PROJECT) == [f"{PROJECT}_kafka-data", f"{PROJECT}_postgres-data",
                                               f"{PROJECT}_decisions-open-data"]


def test_an_api_container_spec(compose):
    spec = stack_specs(compose, project=PROJECT, app_image=IMAGE)["intake-api"]
    assert spec["name"] == f"{PROJECT}-intake-api"
    assert spec["image"] == IMAGE
    assert spec["command"][0] == "gunicorn" and spec["command"][-1].endswith("api:create_app()")
    assert spec["environment"]["HEARD_INTAKE_DATABASE_URL"].endswith("@postgres:5432/intake")
    assert spec["network"] == f"{PROJECT}_default"
    assert spec["networking_config"] == {f"{PROJECT}_default": {"Aliases": ["intake-api"]}}
    assert spec["ports"] == {"8001/tcp": ("127.0.0.1", None)}  # a free host port, found later
    assert spec["healthcheck"]["test"][:2] == ["CMD", "python"]
    assert spec["healthcheck"]["interval"] == 10 * 10**9
    assert spec["healthcheck"]["start_period"] == 30 * 10**9
    assert spec["healthcheck"]["retries"] == 6
    assert spec["restart_policy"] == {"Name": "unless-stopped"}
    assert spec["labels"] == {"heard.e2e.project": PROJECT, "heard.e2e.service": "intake-api"}


def test_infrastructure_specs_keep_their_images_volumes_and_shell_checks(compose):
    specs = stack_specs(compose, project=PROJECT, app_image=IMAGE)
    postgres = specs["postgres"]
    assert postgres["image"] == compose["services"]["postgres"]["image"]
    init_script = str(REPO_ROOT / "deploy" / "compose" / "postgres" / "create-databases.sh")
    assert postgres["volumes"] == {
        f"{PROJECT}_postgres-data": {"bind": "/var/lib/postgresql/data", "mode": "rw"},
        init_script: {"bind": "/docker-entrypoint-initdb.d/10-heard-databases.sh", "mode": "ro"}}
    assert postgres["healthcheck"]["test"][0] == "CMD-SHELL"
    assert postgres["environment"]["HEARD_NOTIFY_DB_PASSWORD"] == "heard_notify_db_password-value"
    assert specs["kafka"]["environment"]["KAFKA_NODE_ID"] == "1"


def test_a_one_shot_job_spec_has_no_restart_policy(compose):
    spec = stack_specs(compose, project=PROJECT, app_image=IMAGE)["topics"]
    assert spec["command"] == ["heard", "topics", "create"]
    assert "restart_policy" not in spec and "ports" not in spec and "healthcheck" not in spec


def test_a_compose_key_the_specs_do_not_translate_is_an_error(compose):
    service = dict(compose["services"]["intake-api"], read_only=True)
    with pytest.raises(ValueError, match=r"intake-api: compose keys not translated .*read_only"):
        container_spec("intake-api", service, project=PROJECT, network="n", app_image=IMAGE)


def test_string_commands_and_health_checks_are_split_like_compose():
    service = {"image": "x:1.0", "command": "heard topics create --help",
               "healthcheck": {"test": "pg_isready -h 127.0.0.1", "timeout": "5s"}}
    spec = container_spec("job", service, project=PROJECT, network="n", app_image=IMAGE)
    assert spec["command"] == ["heard", "topics", "create", "--help"]
    assert spec["healthcheck"] == {"test": ["CMD-SHELL", "pg_isready -h 127.0.0.1"],
                                   "timeout": 5 * 10**9}


@pytest.mark.parametrize("condition", ["service_started", "service_healthy"])
def test_start_order_puts_dependencies_first_and_refuses_cycles(condition):
    services = {"api": {"depends_on": {"db": {"condition": condition}}}, "db": {}}
    assert start_order(services) == ["db", "api"]
    services["db"]["depends_on"] = ["api"]
    with pytest.raises(ValueError, match="cycle: api -> db -> api"):
        start_order(services)
