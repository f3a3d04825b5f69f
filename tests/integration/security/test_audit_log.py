"""The audit log: each change made through an API is logged with who asked, the operation, its
object and the request id, in the change's own transaction; admins read it with filters."""
from __future__ import annotations

from tests.integration.intake.support import IntakeApi
from tests.support.services import make_runtime


def test_changes_are_logged_with_who_what_which_and_the_request_id(kafka_bootstrap, database_url):
    runtime = make_runtime("intake", database_url, kafka_bootstrap)
    try:
        api = IntakeApi(runtime)
        partner, other = api.new_partner(), api.new_partner("Southside Carers")
        traced = {**partner.headers, "X-Request-ID": "workshop-import-0042"}
        person = api.client.post("/v1/contributors", headers=traced, json={
            "email": "audit.sam@example.org", "preferred_name": "Sam", "consent_method": "verbal",
            "consent": {"contact_about_outcomes": True, "quote_anonymously": True}})
        assert person.status_code == 201 and person.headers["X-Request-ID"] == "workshop-import-0042"
        said = api.new_input(partner, contributor_id=person.json["contributor_id"])
        withdraw = f"/v1/inputs/{said['input_id']}/withdraw"
        assert api.client.post(withdraw, json={}, headers=other.headers).status_code == 404
        assert api.client.post(withdraw, json={"reason": "asked"},
                               headers=partner.headers).status_code == 200

        whoami = api.client.get("/v1/whoami", headers=partner.headers).json
        mine = api.client.get(f"/v1/audit?key_id={whoami['key_id']}", headers=api.admin)
        assert mine.status_code == 200, mine.json
        entries = [(e["action"], e["object_id"], e["role"]) for e in mine.json["items"]]
        assert entries == [
            ("POST /v1/contributors", person.json["contributor_id"], "partner"),
            ("POST /v1/inputs", said["input_id"], "partner"),
            ("POST /v1/inputs/{input_id}/withdraw", said["input_id"], "partner")]
        assert mine.json["items"][0]["request_id"] == "workshop-import-0042"
        assert "audit.sam@example.org" not in mine.get_data(as_text=True)

        # the refused withdrawal changed nothing, so nothing of the other partner's is logged
        theirs = api.client.get(f"/v1/audit?object_id={said['input_id']}", headers=api.admin).json
        assert {e["role"] for e in theirs["items"]} == {"partner"} and len(theirs["items"]) == 2
        page = api.client.get("/v1/audit?limit=1", headers=api.admin).json
        assert len(page["items"]) == 1 and page["next_cursor"]
        following = api.client.get(f"/v1/audit?limit=1&cursor={page['next_cursor']}",
                                   headers=api.admin).json
        assert following["items"][0]["audit_id"] != page["items"][0]["audit_id"]
        assert api.client.get("/v1/audit", headers=partner.headers).status_code == 403
        assert api.client.get("/v1/audit?colour=red", headers=api.admin).status_code == 422
    finally:
        runtime.engine.dispose()

