"""End to end through Docker: build the image, start every container of docker-compose.yml on a
network of the test's own with the Docker SDK, and follow one input from submission to the
contributor's inbox in Mailpit. Runs wherever a Docker engine answers; skipped, with the reason,
where none does (CI=true too). The container specs are tested without an engine in
test_container_specs.py."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
import requests

from tests.deploy.docker_stack import Stack
from tests.support.polling import wait_for

pytestmark = [pytest.mark.docker, pytest.mark.timeout(1800)]


@pytest.fixture(scope="module")
def docker_client():
    try:
        import docker
        client = docker.from_env()
        client.ping()
    except Exception as exc:  # noqa: BLE001 - whatever the cause, no engine answers here
        pytest.skip(f"no Docker engine answers ({type(exc).__name__}: {str(exc)[:120]}): this test "
                    "builds the image and runs the compose stack; its container specs and start-up "
                    "logic are tested without one (test_container_specs.py, test_docker_stack.py)")
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


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def created(base: str, path: str, body: dict, headers: dict) -> dict:
    response = requests.post(base + path, json=body, headers=headers, timeout=30)
    assert response.status_code == 201, (path, response.status_code, response.text)
    return response.json()


def test_submit_decide_publish_and_the_contributor_reads_the_email(stack):
    intake, decisions = stack.url("intake-api", 8001), stack.url("decisions-api", 8002)
    mailpit = stack.url("mailpit", 8025)
    admin = bearer(stack.run("intake-api", ["heard", "keys", "create", "--role", "admin"]).splitlines()[-1])
    run = uuid.uuid4().hex[:8]
    programme, email, title = f"Crisis care {run}", f"sam.{run}@example.org", f"Night café {run}"

    partner_id = created(intake, "/v1/partners", {"name": "Northtown Peer Support",
                                                  "contact_email": f"office.{run}@example.org"}, admin)["partner_id"]
    partner = bearer(created(intake, "/v1/keys", {"role": "partner", "partner_id": partner_id}, admin)["key"])
    contributor_id = created(intake, "/v1/contributors", {
        "email": email, "preferred_name": "Sam", "consent_method": "verbal",
        "consent": {"contact_about_outcomes": True, "quote_anonymously": False}}, partner)["contributor_id"]
    input_id = created(intake, "/v1/inputs", {
        "programme": programme, "topics": ["crisis care"], "contributor_id": contributor_id,
        "summary": "At night the only place open was A&E, and waiting there made it worse.",
        "engagement_method": "workshop", "participation_level": "engagement",
        "gathered_on": (date.today() - timedelta(days=3)).isoformat()}, partner)["input_id"]

    # the admin key reaches decisions through intake's key topic
    def new_board():
        response = requests.post(decisions + "/v1/boards", headers=admin, timeout=30, json={
            "name": f"Mental Health Board {run}", "organisation": "Northtown ICB", "programmes": [programme]})
        return response.json()["board_id"] if response.status_code == 201 else None
    board_id = wait_for(new_board, timeout=120, interval=1.0, message="admin key known to decisions")
    board = bearer(created(decisions, "/v1/keys", {"role": "board", "board_id": board_id}, admin)["key"])

    def queued() -> bool:
        response = requests.get(decisions + "/v1/queue", headers=board, timeout=30)
        return input_id in [item["input_id"] for item in response.json()["items"]]
    wait_for(queued, timeout=120, interval=1.0, message="input in the board's queue")
    decision_id = created(decisions, "/v1/decisions", {
        "programme": programme, "title": title, "summary": "A café open 8pm to 8am.",
        "rationale": "People told us A&E is the wrong place at 3am.",
        "decided_on": date.today().isoformat()}, board)["decision_id"]
    linked = requests.post(f"{decisions}/v1/decisions/{decision_id}/links", headers=board, timeout=30,
                           json={"input_ids": [input_id], "influence": "adopted",
                                 "explanation": "You asked for somewhere to go at night; we are opening it."})
    assert linked.status_code in (200, 201), linked.text
    published = requests.post(f"{decisions}/v1/decisions/{decision_id}/publish", json={},
                              headers=board, timeout=30)
    assert published.status_code == 200, published.text

    def delivered():
        messages = requests.get(mailpit + "/api/v1/messages", timeout=30).json()["messages"] or []
        return next((m for m in messages if email in [to["Address"] for to in m["To"]]), None)
    message = wait_for(delivered, timeout=180, interval=1.0, message="the outcome email in Mailpit")
    body = requests.get(f"{mailpit}/api/v1/message/{message['ID']}", timeout=30).json()
    assert title in body["Text"]
    assert "List-Unsubscribe" in requests.get(f"{mailpit}/api/v1/message/{message['ID']}/headers",
                                              timeout=30).json()
