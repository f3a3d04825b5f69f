"""Another tenant's key on every operation of a service, from its OpenAPI document (see
openapi_tenancy.py): 404 for objects, 403 for roles, nothing in lists."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from services.common.auth.store import issue_key
from services.decisions.entrypoints.api import create_app as decisions_app
from services.decisions.service_layer import read_model
from services.decisions.service_layer.boards import register_board
from tests.integration.intake.support import IntakeApi, bearer, input_body
from tests.support.programmes import programme_ids
from tests.integration.security.openapi_tenancy import Tenancy
from tests.support.services import make_runtime

INTAKE_BODIES = {
    ("POST", "/v1/keys"): lambda ids: {"role": "partner", "partner_id": ids["partner_id"]},
    ("POST", "/v1/keys/{key_id}/rotate"): lambda ids: {"overlap_hours": 1},
    ("POST", "/v1/partners"): lambda ids: {"name": "Not mine", "contact_email": "x@example.org"},
    ("PATCH", "/v1/partners/{partner_id}"): lambda ids: {"daily_digest": True, "name": "Taken over"},
    # a partner's new contributor is its own and can name no other partner's object
    ("POST", "/v1/contributors"): None,
    ("PATCH", "/v1/contributors/{contributor_id}"): lambda ids: {"language": "fr", "partner_ref": "taken"},
    ("POST", "/v1/inputs"): lambda ids: input_body(contributor_id=ids["contributor_id"]),
    ("POST", "/v1/inputs/batch"): lambda ids: {
        "inputs": [input_body(contributor_id=ids["contributor_id"])]},
    ("POST", "/v1/inputs/{input_id}/withdraw"): lambda ids: {"reason": "not yours"},
    ("POST", "/v1/relays/told"): lambda ids: {"input_id": ids["input_id"],
                                              "decision_id": str(uuid.uuid4()), "how": "phone"},
}


def test_another_partners_key_on_every_intake_operation(kafka_bootstrap, database_url):
    runtime = make_runtime("intake", database_url, kafka_bootstrap)
    try:
        api = IntakeApi(runtime)
        mine, theirs = api.new_partner(), api.new_partner("Southside Carers")
        person = api.new_contributor(mine)
        said = api.new_input(mine, contributor_id=person["contributor_id"])
        key = api.client.post("/v1/keys", json={"role": "partner", "partner_id": mine.partner_id},
                              headers=api.admin).json
        ids = {"partner_id": mine.partner_id, "contributor_id": person["contributor_id"],
               "input_id": said["input_id"], "key_id": key["key_id"]}
        tenancy = Tenancy(api.client, theirs.headers, ids, INTAKE_BODIES,
                          secrets=[*ids.values(), person["email"]])
        problems = tenancy.check(api.client.get("/openapi.json").json)
        assert problems == [], "\n".join(problems)
        # and the refusals changed nothing
        assert api.client.get(f"/v1/contributors/{person['contributor_id']}",
                              headers=mine.headers).json["language"] == "en"
        assert api.client.get(f"/v1/inputs/{said['input_id']}", headers=mine.headers).status_code == 200
    finally:
        runtime.engine.dispose()


def test_a_tenancy_hole_is_reported():
    """The checker itself: an endpoint that answers 200 with the object is caught."""
    class Leaky:
        def open(self, url, method, json, headers):
            class Response:
                status_code = 200

                def get_data(self, as_text):
                    return '{"contributor_id": "c-1"}'
            return Response()

    spec = {"paths": {"/v1/contributors/{contributor_id}": {"get": {"security": [{"b": []}]}},
                      "/v1/things/{thing_id}": {"get": {"security": [{"b": []}]}}}}
    problems = Tenancy(Leaky(), {}, {"contributor_id": "c-1"}, {}, secrets=["c-1"]).check(spec)
    assert problems == [
        "GET /v1/contributors/{contributor_id}: 200 shows ['c-1']",
        "GET /v1/contributors/{contributor_id}: 200, not 403 or 404: {\"contributor_id\": \"c-1\"}",
        "GET /v1/things/{thing_id}: no object of the first tenant for ['thing_id']"]



def _board(runtime, programme: str) -> tuple[str, dict]:
    covered = programme_ids(runtime.uow_factory, programme)
    with runtime.uow_factory() as uow:
        board = register_board(uow, name=f"Board {uuid.uuid4().hex[:6]}", organisation="ICB",
                               outcome_due_days=30, programmes=covered)
    with runtime.uow_factory() as uow:
        key, _ = issue_key(uow, role="board", board_id=board.board_id, label="tenancy")
        uow.commit()
    return board.board_id, bearer(key.secret)


WHY = "Your evening sessions showed us the café must open late."
DECISIONS_BODIES = {
    ("POST", "/v1/keys"): lambda ids: {"role": "board", "board_id": ids["board_id"]},
    ("POST", "/v1/keys/{key_id}/rotate"): lambda ids: {"overlap_hours": 1},
    ("POST", "/v1/boards"): lambda ids: {"name": "Not mine", "organisation": "ICB",
                                         "programme_ids": [ids["programme_id"]]},
    ("PATCH", "/v1/boards/{board_id}"): lambda ids: {"name": "Taken over"},
    ("POST", "/v1/boards/{board_id}/retire"): lambda ids: {},
    ("POST", "/v1/programmes"): lambda ids: {"name": f"Taken over {uuid.uuid4().hex[:6]}"},
    ("PATCH", "/v1/programmes/{programme_id}"): lambda ids: {"status": "closed"},
    ("POST", "/v1/decisions"): lambda ids: {
        "programme": ids["programme"], "title": "In their programme", "summary": "Nights.",
        "rationale": "Because.", "decided_on": "2026-11-30"},
    ("PATCH", "/v1/decisions/{decision_id}"): lambda ids: {"title": "Taken over"},
    ("POST", "/v1/decisions/{decision_id}/links"): lambda ids: {
        "input_ids": [ids["input_id"]], "influence": "adopted", "explanation": WHY},
    ("POST", "/v1/decisions/{decision_id}/publish"): lambda ids: {"no_input_considered": True},
    ("POST", "/v1/decisions/{decision_id}/revisions"): lambda ids: {"reason": "A new fact came up.",
                                                                    "title": "Taken over"},
    ("POST", "/v1/decisions/{decision_id}/progress"): lambda ids: {
        "status": "in_progress", "percent": 10, "note": "Started."},
}


def test_another_boards_key_on_every_decisions_operation(database_url):
    runtime = make_runtime("decisions", database_url, "127.0.0.1:1")
    try:
        client = decisions_app(runtime=runtime).test_client()
        programme, partner_id = f"Crisis care {uuid.uuid4().hex[:6]}", str(uuid.uuid4())
        mine, my_key = _board(runtime, programme)
        _, their_key = _board(runtime, f"Ageing well {uuid.uuid4().hex[:6]}")
        input_id = str(uuid.uuid4())
        with runtime.uow_factory() as uow:
            read_model.input_submitted(uow, {
                "input_id": input_id, "partner_id": partner_id, "contributor_id": None,
                "programme": programme, "summary": "Nowhere to go at night", "body": "Body",
                "engagement_method": "workshop", "participation_level": "consultation",
                "gathered_on": date.today() - timedelta(days=3), "submitted_at": datetime.now(UTC),
                "quote_anonymously": True, "topics": ["night care"]})
            uow.commit()
        draft = client.post("/v1/decisions", headers=my_key, json=DECISIONS_BODIES[
            ("POST", "/v1/decisions")]({"programme": programme}))
        assert draft.status_code == 201, draft.json
        decision_id = draft.json["decision_id"]
        ids = {"board_id": mine, "decision_id": decision_id, "input_id": input_id,
               "key_id": _key_id(runtime, mine), "programme": programme,
               "programme_id": programme_ids(runtime.uow_factory, programme)[0]}
        # a programme the board does not cover is a mistake in the form: 422 on the field
        tenancy = Tenancy(client, their_key, ids, DECISIONS_BODIES,
                          secrets=[decision_id, "In their programme"],
                          field_refusals={("POST", "/v1/decisions"): "programme"})
        problems = tenancy.check(client.get("/openapi.json").json)
        assert problems == [], "\n".join(problems)
        mine_now = client.get(f"/v1/decisions/{decision_id}", headers=my_key).json
        assert (mine_now["title"], mine_now["status"]) == ("In their programme", "draft")
        board_now = client.get(f"/v1/boards/{mine}", headers=my_key).json
        assert board_now["status"] == "active" and board_now["name"] != "Taken over"
    finally:
        runtime.engine.dispose()


def _key_id(runtime, board_id: str) -> str:
    table = runtime.api_keys_table
    with runtime.engine.connect() as conn:
        return conn.execute(select(table.c.key_id).where(table.c.board_id == board_id)).scalar_one()
