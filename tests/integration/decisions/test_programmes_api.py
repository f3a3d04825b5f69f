"""/v1/programmes and boards covering programmes by id, through decisions' API on a real database."""
from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from services.common.auth.store import issue_key


def register(api, name: str, **fields) -> dict:
    made = api.post("/v1/programmes", json={"name": name, **fields}, headers=api.admin)
    assert made.status_code == 201, made.json
    return made.json


def announced(api) -> list[dict]:
    outbox = api.runtime.outbox_table
    with api.runtime.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.value).where(outbox.c.topic == "decisions.programmes.v1")
                            .order_by(outbox.c.id)).scalars()
        return [json.loads(value)["payload"] for value in rows]


def test_an_admin_registers_and_closes_programmes_and_anyone_lists_them(api):
    crisis = register(api, "Crisis care 2027", description="Where to go at night.")
    register(api, "Maternity 2027")
    assert api.post("/v1/programmes", json={"name": "Dentistry"}).status_code == 401
    twin = api.post("/v1/programmes", json={"name": "crisis care 2027"}, headers=api.admin)
    assert twin.status_code == 409 and "name" in twin.json["errors"]
    closed = api.patch(f"/v1/programmes/{crisis['programme_id']}", json={"status": "closed"}, headers=api.admin)
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    assert [(p["name"], p["status"]) for p in announced(api)] == [
        ("Crisis care 2027", "open"), ("Maternity 2027", "open"), ("Crisis care 2027", "closed")]
    first = api.get("/v1/programmes", query_string={"limit": 1})  # no key: public
    assert first.status_code == 200 and [p["name"] for p in first.json["items"]] == ["Crisis care 2027"]
    rest = api.get("/v1/programmes", query_string={"cursor": first.json["next_cursor"]})
    assert [p["name"] for p in rest.json["items"]] == ["Maternity 2027"] and rest.json["next_cursor"] is None
    assert (first.json["total"], rest.json["total"]) == (2, 2)
    still_open = api.get("/v1/programmes", query_string={"status": "open"}).json
    assert [p["name"] for p in still_open["items"]] == ["Maternity 2027"] and still_open["total"] == 1
    assert api.get(f"/v1/programmes/{uuid.uuid4()}").status_code == 404


def test_a_board_covers_at_least_one_open_registered_programme_by_id(api):
    crisis = register(api, "Crisis care 2027")
    body = {"name": "Crisis Board", "organisation": "ICB"}
    for ids in ([], [str(uuid.uuid4())]):
        refused = api.post("/v1/boards", json={**body, "programme_ids": ids}, headers=api.admin)
        assert refused.status_code == 422 and "programme_ids" in refused.json["errors"], refused.json
    board = api.post("/v1/boards", json={**body, "programme_ids": [crisis["programme_id"]]}, headers=api.admin)
    assert board.status_code == 201, board.json
    assert board.json["programme_ids"] == [crisis["programme_id"]]
    assert board.json["programmes"] == ["Crisis care 2027"]
    shown = api.get(f"/v1/programmes/{crisis['programme_id']}").json
    assert shown["board_ids"] == [board.json["board_id"]]
    assert announced(api)[-1]["board_ids"] == [board.json["board_id"]]


def test_a_boards_decision_names_one_of_its_programmes(api):
    crisis = register(api, "Crisis care 2027")
    register(api, "Maternity 2027")
    board = api.post("/v1/boards", json={"name": "B", "organisation": "ICB",
                                         "programme_ids": [crisis["programme_id"]]}, headers=api.admin).json
    with api.runtime.uow_factory() as uow:
        key, _ = issue_key(uow, role="board", board_id=board["board_id"], label="t")
        uow.commit()
    draft = {"title": "Night café", "summary": "S", "rationale": "R", "decided_on": "2026-11-01"}
    headers = {"Authorization": f"Bearer {key.secret}"}
    refused = api.post("/v1/decisions", json={**draft, "programme": "Maternity 2027"}, headers=headers)
    assert refused.status_code == 422 and "Crisis care 2027" in refused.json["errors"]["programme"][0]
    made = api.post("/v1/decisions", json={**draft, "programme": "Crisis care 2027"}, headers=headers)
    assert made.status_code == 201, made.json


def test_a_database_rebuilt_from_the_topic_gets_each_programme_as_it_is_now(api):
    from datetime import UTC, datetime, timedelta

    from services.decisions.service_layer.read_model import programme_announced

    programme_id, at = str(uuid.uuid4()), datetime(2027, 1, 5, tzinfo=UTC)
    event = {"programme_id": programme_id, "name": "Carers 2027", "slug": "carers-2027",
             "description": "For carers.", "status": "open", "board_ids": [], "updated_at": at}
    closed = {**event, "status": "closed", "shared_decision_stage": "reviewing", "updated_at": at + timedelta(days=1)}
    for payload in (event, closed, event):
        with api.runtime.uow_factory() as uow:
            programme_announced(uow, payload)
            uow.commit()
    shown = api.get(f"/v1/programmes/{programme_id}").json
    assert (shown["status"], shown["slug"], shown["description"]) == ("closed", "carers-2027", "For carers.")
    assert shown["shared_decision_stage"] == "reviewing", "the stage comes back with the rebuild"


def test_an_admin_lists_boards_by_pages_and_by_the_programme_they_cover(api):
    crisis, maternity = (register(api, name)["programme_id"] for name in ("Crisis care", "Maternity"))
    made = [api.post("/v1/boards", json={"name": f"Board {n}", "organisation": "ICB", "programme_ids": ids},
                     headers=api.admin).json for n, ids in enumerate(([crisis], [maternity], [crisis, maternity]))]
    first = api.get("/v1/boards", query_string={"limit": 2}, headers=api.admin)
    assert first.status_code == 200 and len(first.json["items"]) == 2
    rest = api.get("/v1/boards", query_string={"cursor": first.json["next_cursor"]}, headers=api.admin).json
    assert [b["board_id"] for b in first.json["items"] + rest["items"]] == [b["board_id"] for b in made]
    assert (first.json["total"], rest["total"]) == (3, 3)
    covering = api.get("/v1/boards", query_string={"programme_id": maternity}, headers=api.admin).json
    assert [b["board_id"] for b in covering["items"]] == [made[1]["board_id"], made[2]["board_id"]]
    assert covering["total"] == 2
    assert api.get("/v1/boards", query_string={"programme_id": str(uuid.uuid4())}, headers=api.admin).json[
        "total"] == 0
    assert api.get("/v1/boards").status_code == 401


def test_a_programme_names_changes_and_takes_away_its_stage_of_shared_decisions(api):
    made = register(api, "Crisis care 2027", shared_decision_stage="designing_services")
    assert made["shared_decision_stage"] == "designing_services"
    assert register(api, "Maternity 2027")["shared_decision_stage"] is None
    wrong = api.post("/v1/programmes", json={"name": "Dentistry", "shared_decision_stage": "voting"},
                     headers=api.admin)
    assert wrong.status_code == 422 and "shared_decision_stage" in wrong.json["errors"]
    path = f"/v1/programmes/{made['programme_id']}"
    changed = api.patch(path, json={"shared_decision_stage": "choosing_providers"}, headers=api.admin)
    assert changed.status_code == 200 and changed.json["shared_decision_stage"] == "choosing_providers"
    kept = api.patch(path, json={"status": "closed"}, headers=api.admin)
    assert kept.json["shared_decision_stage"] == "choosing_providers", "another edit keeps it"
    cleared = api.patch(path, json={"shared_decision_stage": None}, headers=api.admin)
    assert cleared.status_code == 200 and cleared.json["shared_decision_stage"] is None
    assert api.get(path).json["shared_decision_stage"] is None
    assert [(p["name"], p["shared_decision_stage"]) for p in announced(api)] == [
        ("Crisis care 2027", "designing_services"), ("Maternity 2027", None),
        ("Crisis care 2027", "choosing_providers"), ("Crisis care 2027", "choosing_providers"),
        ("Crisis care 2027", None)]
