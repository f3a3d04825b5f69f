"""Submit -> decide -> publish -> email, through the three HTTP APIs, wherever they run: the
Docker stack (test_compose_stack.py) or real services on this machine (test_scenario.py)."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import requests

from tests.support.polling import wait_for


@dataclass(frozen=True)
class Email:
    text: str
    headers: dict[str, str]


# address -> the email sent to it, or None while there is none
Inbox = Callable[[str], Email | None]


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def created(base: str, path: str, body: dict, headers: dict) -> dict:
    response = requests.post(base + path, json=body, headers=headers, timeout=30)
    assert response.status_code == 201, (path, response.status_code, response.text)
    return response.json()


def mailpit_inbox(base: str, auth: tuple[str, str]) -> Inbox:
    """Mailpit's API (behind its UI login): GET /api/v1/messages, then the message and its headers."""
    def get(path: str):
        return requests.get(base + path, auth=auth, timeout=30).json()

    def find(address: str) -> Email | None:
        messages = get("/api/v1/messages")["messages"] or []
        found = next((m for m in messages if address in [to["Address"] for to in m["To"]]), None)
        if found is None:
            return None
        message = get(f"/api/v1/message/{found['ID']}")
        headers = get(f"/api/v1/message/{found['ID']}/headers")
        return Email(message["Text"], {name: values[0] for name, values in headers.items()})
    return find


def submit_decide_publish_and_read_the_email(intake: str, decisions: str, admin_key: str,
                                             inbox: Inbox, timeout: float = 120) -> Email:
    run = uuid.uuid4().hex[:8]
    admin = bearer(admin_key)
    programme, email, title = f"Crisis care {run}", f"sam.{run}@example.org", f"Night café {run}"

    def new_programme() -> str | None:  # the admin key reaches decisions through intake's key topic
        response = requests.post(decisions + "/v1/programmes", headers=admin, timeout=30, json={"name": programme})
        return response.json()["programme_id"] if response.status_code == 201 else None
    programme_id = wait_for(new_programme, timeout=timeout, interval=0.5, message="admin key known to decisions")

    def known_to_intake() -> bool:  # and the programme reaches intake through decisions' topic
        listed = requests.get(intake + "/v1/programmes", params={"limit": 200}, timeout=30).json()["items"]
        return any(p["name"] == programme for p in listed)
    wait_for(known_to_intake, timeout=timeout, interval=0.5, message="the programme known to intake")

    partner_id = created(intake, "/v1/partners", {
        "name": "Northtown Peer Support", "contact_email": f"office.{run}@example.org"}, admin)["partner_id"]
    partner = bearer(created(intake, "/v1/keys", {"role": "partner", "partner_id": partner_id}, admin)["key"])
    contributor_id = created(intake, "/v1/contributors", {
        "email": email, "preferred_name": "Sam", "consent_method": "verbal",
        "consent": {"contact_about_outcomes": True, "quote_anonymously": False}}, partner)["contributor_id"]
    input_id = created(intake, "/v1/inputs", {
        "programme": programme, "topics": ["crisis care"], "contributor_id": contributor_id,
        "summary": "At night the only place open was A&E, and waiting there made it worse.",
        "engagement_method": "workshop", "participation_level": "engagement",
        "gathered_on": (date.today() - timedelta(days=3)).isoformat()}, partner)["input_id"]

    board_id = created(decisions, "/v1/boards", {"name": f"Mental Health Board {run}", "organisation": "Northtown ICB",
                                                 "programme_ids": [programme_id]}, admin)["board_id"]
    board = bearer(created(decisions, "/v1/keys", {"role": "board", "board_id": board_id}, admin)["key"])

    def queued() -> bool:
        response = requests.get(decisions + "/v1/queue", headers=board, timeout=30)
        return input_id in [item["input_id"] for item in response.json()["items"]]
    wait_for(queued, timeout=timeout, interval=0.5, message="the input in the board's queue")
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

    received = wait_for(lambda: inbox(email), timeout=timeout, interval=0.5,
                        message="the outcome email")
    assert title in received.text
    assert "what they decided" in received.text.lower()
    assert received.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return received
