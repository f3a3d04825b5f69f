"""Another tenant's key on every operation of a service, from its OpenAPI document (see
openapi_tenancy.py): 404 for objects, 403 for roles, nothing in lists."""
from __future__ import annotations

import uuid

from tests.integration.intake.support import IntakeApi, input_body
from tests.integration.security.openapi_tenancy import Tenancy
from tests.support.services import make_runtime

INTAKE_BODIES = {
    ("POST", "/v1/keys"): lambda ids: {"role": "partner", "partner_id": ids["partner_id"]},
    ("POST", "/v1/keys/{key_id}/rotate"): lambda ids: {"overlap_hours": 1},
    ("POST", "/v1/partners"): lambda ids: {"name": "Not mine", "contact_email": "x@example.org"},
    ("PATCH", "/v1/partners/{partner_id}"): lambda ids: {"daily_digest": True},
    # a partner's new contributor is its own and can name no other partner's object
    ("POST", "/v1/contributors"): None,
    ("PATCH", "/v1/contributors/{contributor_id}"): lambda ids: {"language": "fr"},
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

