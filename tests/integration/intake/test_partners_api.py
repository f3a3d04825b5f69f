"""/v1/partners: registered by an admin, read and changed by the partner itself."""
from __future__ import annotations

import uuid

from tests.integration.intake.support import bearer


def test_admin_registers_a_partner_and_its_contact_reaches_the_outbox(api):
    created = api.client.post("/v1/partners", json={
        "name": "Northtown Peer Support", "contact_email": "office@northtown.example"},
        headers=api.admin)

    assert created.status_code == 201, created.json
    partner_id = created.json["partner_id"]
    assert created.headers["Location"] == f"/v1/partners/{partner_id}"
    assert created.json["daily_digest"] is False
    registered = api.outbox("intake.partner-registered.v1")
    assert [e["value"]["payload"] for e in registered] == [{
        "partner_id": partner_id, "name": "Northtown Peer Support",
        "registered_at": created.json["created_at"]}]
    [contact] = api.outbox("intake.contacts.v1")
    assert contact["key"] == partner_id
    assert contact["value"]["payload"] | {"updated_at": None} == {
        "contact_id": partner_id, "kind": "partner", "partner_id": partner_id,
        "email": "office@northtown.example", "preferred_name": "Northtown Peer Support",
        "contact_about_outcomes": True, "daily_digest": False, "language": "en",
        "accessible_format": "standard", "updated_at": None}


def test_a_partner_reads_and_changes_only_itself(api, partner, other_partner):
    url = f"/v1/partners/{partner.partner_id}"
    assert api.client.get(url, headers=partner.headers).json["partner_id"] == partner.partner_id
    assert api.client.get(url, headers=api.admin).status_code == 200
    assert api.client.get(url, headers=other_partner.headers).status_code == 404
    assert api.client.patch(url, json={"daily_digest": True},
                            headers=other_partner.headers).status_code == 404

    changed = api.client.patch(url, json={"daily_digest": True,
                                          "contact_email": "new@northtown.example"},
                               headers=partner.headers)

    assert changed.status_code == 200, changed.json
    assert changed.json["daily_digest"] is True
    assert changed.json["contact_email"] == "new@northtown.example"
    latest = [e for e in api.outbox("intake.contacts.v1") if e["key"] == partner.partner_id][-1]
    assert latest["value"]["payload"]["daily_digest"] is True
    assert latest["value"]["payload"]["email"] == "new@northtown.example"


def test_unchanged_patch_publishes_nothing(api, partner):
    before = len(api.outbox())
    unchanged = api.client.patch(f"/v1/partners/{partner.partner_id}", json={"daily_digest": False},
                                 headers=partner.headers)
    assert unchanged.status_code == 200
    assert len(api.outbox()) == before


def test_only_an_admin_registers_partners(api, partner):
    body = {"name": "Rogue", "contact_email": "rogue@example.org"}
    assert api.client.post("/v1/partners", json=body, headers=partner.headers).status_code == 403
    assert api.client.post("/v1/partners", json=body).status_code == 401
    assert api.client.post("/v1/partners", json=body, headers=bearer("heard_nope")).status_code == 401


def test_bad_partner_fields_are_named(api, partner):
    bad = api.client.post("/v1/partners", json={"name": "", "contact_email": "not-an-address",
                                                "daily_digest": "often", "colour": "red"},
                          headers=api.admin)
    assert bad.status_code == 422
    assert set(bad.json["errors"]) == {"name", "contact_email", "daily_digest", "colour"}
    assert "not-an-address" not in bad.get_data(as_text=True)
    patch = api.client.patch(f"/v1/partners/{partner.partner_id}", json={"name": "New name"},
                             headers=partner.headers)
    assert patch.status_code == 422 and set(patch.json["errors"]) == {"name"}


def test_partners_are_listed_by_pages_to_an_admin_and_a_partner_sees_itself(api):
    tag = uuid.uuid4().hex[:6]
    made = [api.new_partner(f"Carers {tag} {n}") for n in range(3)] + [api.new_partner(f"Peer {tag}")]
    first = api.client.get("/v1/partners", query_string={"name": f"CARERS {tag}", "limit": 2}, headers=api.admin)
    assert first.status_code == 200, first.json
    rest = api.client.get("/v1/partners", query_string={"name": f"carers {tag}", "cursor": first.json["next_cursor"]},
                          headers=api.admin)
    listed = [p["partner_id"] for p in first.json["items"] + rest.json["items"]]
    assert listed == [p.partner_id for p in made[:3]] and rest.json["next_cursor"] is None
    assert (first.json["total"], rest.json["total"]) == (3, 3)
    own = api.client.get("/v1/partners", headers=made[3].headers)
    assert [p["partner_id"] for p in own.json["items"]] == [made[3].partner_id] and own.json["total"] == 1


def test_an_admin_renames_a_partner_and_the_new_name_goes_out_on_the_partner_topic(api, partner):
    url = f"/v1/partners/{partner.partner_id}"
    refused = api.client.patch(url, json={"name": "Taken over"}, headers=partner.headers)
    assert refused.status_code == 422 and list(refused.json["errors"]) == ["name"]

    renamed = api.client.patch(url, json={"name": "  Northtown Peer Network "}, headers=api.admin)

    assert renamed.status_code == 200, renamed.json
    assert renamed.json["name"] == "Northtown Peer Network"
    assert api.client.get(url, headers=partner.headers).json["name"] == "Northtown Peer Network"
    announced = [e["value"]["payload"] for e in api.outbox("intake.partner-registered.v1")
                 if e["key"] == partner.partner_id]
    assert [a["name"] for a in announced] == ["Northtown Peer Support", "Northtown Peer Network"]
    assert announced[1]["updated_at"] == renamed.json["updated_at"]
    assert announced[1]["registered_at"] == renamed.json["created_at"]
    contact = [e for e in api.outbox("intake.contacts.v1") if e["key"] == partner.partner_id][-1]
    assert contact["value"]["payload"]["preferred_name"] == "Northtown Peer Network"
