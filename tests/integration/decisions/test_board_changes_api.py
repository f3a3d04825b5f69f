"""PATCH /v1/boards/{id}, POST /v1/boards/{id}/retire and corrections of a published decision's
wording, through decisions' API and public pages on a real database."""
from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from html import unescape

from sqlalchemy import select



def made(response, status: int = 201) -> dict:
    assert response.status_code == status, response.json
    return response.json


def programme(api, name: str, status: str = "open") -> str:
    programme_id = made(api.post("/v1/programmes", json={"name": name}, headers=api.admin))["programme_id"]
    if status != "open":
        made(api.patch(f"/v1/programmes/{programme_id}", json={"status": status}, headers=api.admin), 200)
    return programme_id


def board_with_key(api, programme_ids: list[str]) -> tuple[dict, dict]:
    board = made(api.post("/v1/boards", headers=api.admin, json={
        "name": f"Crisis Board {uuid.uuid4().hex[:6]}", "organisation": "Northtown ICB",
        "programme_ids": programme_ids}))
    key = made(api.post("/v1/keys", json={"role": "board", "board_id": board["board_id"]}, headers=api.admin))
    return board, {"Authorization": f"Bearer {key['key']}"}


def published(api, key: dict, programme_name: str, title: str = "Open a night cafe") -> dict:
    draft = made(api.post("/v1/decisions", headers=key, json={
        "programme": programme_name, "title": title, "summary": "A café open 8pm to 8am.",
        "rationale": "A&E is the wrong place at 3am.", "decided_on": (date.today() - timedelta(days=1)).isoformat()}))
    return made(api.post(f"/v1/decisions/{draft['decision_id']}/publish", headers=key,
                         json={"no_input_considered": True}), 200)


def outbox(api, topic: str) -> list[dict]:
    table = api.runtime.outbox_table
    with api.runtime.engine.connect() as conn:
        rows = conn.execute(select(table.c.value).where(table.c.topic == topic).order_by(table.c.id)).scalars()
        return [json.loads(value)["payload"] for value in rows]


def test_an_admin_changes_a_board_under_the_rules_of_registration(api):
    tag = uuid.uuid4().hex[:6]
    crisis, nights = programme(api, f"Crisis care {tag}"), programme(api, f"Nights {tag}")
    closed = programme(api, f"Old {tag}", "closed")
    board, key = board_with_key(api, [crisis])
    url = f"/v1/boards/{board['board_id']}"

    for body, field in (({"programme_ids": []}, "programme_ids"), ({"programme_ids": [closed]}, "programme_ids"),
                        ({"programme_ids": [str(uuid.uuid4())]}, "programme_ids"),
                        ({"outcome_due_days": 0}, "outcome_due_days"), ({"name": "  "}, "name"), ({}, "_schema")):
        refused = api.patch(url, json=body, headers=api.admin)
        assert refused.status_code == 422 and field in refused.json["errors"], (body, refused.json)
    assert api.patch(url, json={"name": "Mine now"}, headers=key).status_code == 403
    assert api.patch(f"/v1/boards/{uuid.uuid4()}", json={"name": "Nobody"}, headers=api.admin).status_code == 404

    changed = made(api.patch(url, headers=api.admin, json={
        "name": f"Crisis and Nights Board {tag}", "outcome_due_days": 45, "programme_ids": [nights]}), 200)

    assert (changed["slug"], changed["outcome_due_days"], changed["programme_ids"]) == (
        board["slug"], 45, [nights])
    assert changed["updated_at"] is not None and changed["status"] == "active"
    assert made(api.get(url, headers=key), 200) == changed
    last = outbox(api, "decisions.board-registered.v1")[-1]
    assert (last["board_id"], last["name"], last["programmes"], last["updated_at"]) == (
        board["board_id"], changed["name"], [f"Nights {tag}"], changed["updated_at"])
    covering = {p["programme_id"]: p["board_ids"] for p in outbox(api, "decisions.programmes.v1")[-2:]}
    assert covering == {crisis: [], nights: [board["board_id"]]}
    # its decisions now belong to the programmes it covers now
    refused = api.post("/v1/decisions", headers=key, json={
        "programme": f"Crisis care {tag}", "title": "T", "summary": "S", "rationale": "R",
        "decided_on": date.today().isoformat()})
    assert refused.status_code == 422 and "programme" in refused.json["errors"]


def test_a_retired_boards_keys_change_nothing_and_its_record_stays_public(api):
    tag = uuid.uuid4().hex[:6]
    board, key = board_with_key(api, [programme(api, f"Crisis care {tag}")])
    decision = published(api, key, f"Crisis care {tag}")
    draft = made(api.post("/v1/decisions", headers=key, json={
        "programme": f"Crisis care {tag}", "title": "Still a draft", "summary": "S", "rationale": "R",
        "decided_on": date.today().isoformat()}))
    assert api.post(f"/v1/boards/{board['board_id']}/retire", headers=key).status_code == 403

    retired = made(api.post(f"/v1/boards/{board['board_id']}/retire", headers=api.admin), 200)

    assert retired["status"] == "retired" and retired["retired_at"] is not None
    assert made(api.post(f"/v1/boards/{board['board_id']}/retire", headers=api.admin), 200) == retired
    assert outbox(api, "decisions.board-registered.v1")[-1]["status"] == "retired"
    decision_url = f"/v1/decisions/{decision['decision_id']}"
    for method, path, body in (
            ("POST", "/v1/decisions", {"programme": f"Crisis care {tag}", "title": "T", "summary": "S",
                                       "rationale": "R", "decided_on": date.today().isoformat()}),
            ("PATCH", f"/v1/decisions/{draft['decision_id']}", {"title": "Changed"}),
            ("DELETE", f"/v1/decisions/{draft['decision_id']}", None),
            ("POST", f"/v1/decisions/{draft['decision_id']}/publish", {"no_input_considered": True}),
            ("POST", f"{decision_url}/revisions", {"reason": "Typo.", "title": "Open a night café"}),
            ("POST", f"{decision_url}/progress", {"status": "in_progress", "percent": 5, "note": "Begun."})):
        refused = api.open(path, method=method, json=body, headers=key)
        assert refused.status_code == 409 and list(refused.json["errors"]) == ["board_id"], (path, refused.json)
    assert api.patch(f"/v1/boards/{board['board_id']}", json={"name": "Back"},
                     headers=api.admin).status_code == 409
    # what it recorded stays readable, to the board and to everyone
    assert made(api.get(decision_url, headers=key), 200)["title"] == "Open a night cafe"
    assert made(api.get(f"/v1/decisions/{draft['decision_id']}", headers=key), 200)["status"] == "draft"
    board_page = api.get(f"/boards/{board['slug']}")
    assert board_page.status_code == 200 and "This board was retired on" in board_page.get_data(as_text=True)
    assert api.get(f"/decisions/{decision['decision_id']}").status_code == 200
    retired = made(api.get("/v1/boards", query_string={"status": "retired", "limit": 200}, headers=api.admin), 200)
    active = made(api.get("/v1/boards", query_string={"status": "active", "limit": 200}, headers=api.admin), 200)
    assert board["board_id"] in [b["board_id"] for b in retired["items"]]
    assert board["board_id"] not in [b["board_id"] for b in active["items"]]
    every = made(api.get("/v1/boards", headers=api.admin), 200)["total"]
    assert (retired["total"], retired["total"] + active["total"]) == (len(retired["items"]), every)


def test_a_correction_of_wording_is_a_revision_with_its_reason_on_the_public_page(api):
    tag = uuid.uuid4().hex[:6]
    board, key = board_with_key(api, [programme(api, f"Crisis care {tag}")])
    decision = published(api, key, f"Crisis care {tag}")
    url = f"/v1/decisions/{decision['decision_id']}/revisions"
    same = api.post(url, headers=key, json={"reason": "Nothing.", "title": "Open a night cafe"})
    assert same.status_code == 422 and "links" in same.json["errors"]
    assert api.post(url, headers=key, json={"reason": "Typo.", "title": ""}).status_code == 422

    corrected = made(api.post(url, headers=key, json={
        "reason": "The title lost its accent.", "title": "Open a night café"}))

    assert (corrected["title"], corrected["revision"]) == ("Open a night café", 2)
    assert corrected["revisions"][-1]["corrections"] == [
        {"field": "title", "before": "Open a night cafe", "after": "Open a night café"}]
    assert corrected["revisions"][-1]["changed_input_ids"] == []
    [event] = outbox(api, "decisions.outcome-revised.v1")[-1:]
    assert (event["title"], event["corrected"], event["changed_input_ids"], event["reason"]) == (
        "Open a night café", ["title"], [], "The title lost its accent.")
    page = unescape(api.get(f"/decisions/{decision['decision_id']}").get_data(as_text=True))
    shown, history = page.split("History of this decision")
    assert "Open a night café" in shown and "Open a night cafe" not in shown
    assert "The title lost its accent." in history
    assert "Wording corrected" in history and "Before: Open a night cafe" in history
