"""End to end through Docker: build the image, start every container of docker-compose.yml on a
network of the test's own with the Docker SDK, and follow one input from submission to the
contributor's inbox in Mailpit. Runs wherever a Docker engine answers; skipped, with the reason,
where none does (CI=true too). Without an engine, the container specs, the start-up logic and
the scenario itself are tested by test_container_specs.py, test_docker_stack.py and
test_scenario.py."""
from __future__ import annotations

import pytest

from tests.deploy.docker_stack import Stack
from tests.deploy.scenario import mailpit_inbox, submit_decide_publish_and_read_the_email

pytestmark = [pytest.mark.docker, pytest.mark.timeout(1800)]


@pytest.fixture(scope="module")
def docker_client():
    try:
        import docker
        client = docker.from_env()
        client.ping()
    except Exception as exc:  # noqa: BLE001 - whatever the cause, no engine answers here
        pytest.skip(f"no Docker engine answers ({type(exc).__name__}: {str(exc)[:120]}): this test "
                    "builds the image and runs the compose stack; without an engine its parts are "
                    "tested by test_container_specs.py, test_docker_stack.py and test_scenario.py")
    yield client
    client.close()


@pytest.fixture(scope="module")
def stack(docker_client):
    stack = Stack(docker_client)
    try:
        stack.start()
        yield stack
    finally:
        stack.remove()


def test_submit_decide_publish_and_the_contributor_reads_the_email_in_mailpit(stack):
    admin_key = stack.run("intake-api", ["heard", "keys", "create", "--role", "admin"]).splitlines()[-1]
    email = submit_decide_publish_and_read_the_email(
        stack.url("intake-api", 8001), stack.url("decisions-api", 8002), admin_key,
        mailpit_inbox(stack.url("mailpit", 8025), stack.mailpit_login), timeout=180)
    assert email.headers["List-Unsubscribe"].startswith("<http://localhost:8003/")
