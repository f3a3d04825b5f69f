"""GET /v1/keys, expiry, rotation and last use, through intake's API on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from services.common.auth.keys import generate_key
from services.common.auth.store import apply_key_event
from services.common.db.types import utcnow
from services.notify.entrypoints.api import create_app as notify_app
from tests.integration.intake.support import bearer
from tests.support.services import make_runtime


def all_keys(api, headers, limit: int = 200) -> list[dict]:
    """Every page; each page's total counts what all of them hold together."""
    items, totals, cursor = [], set(), None
    while True:
        query = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        page = api.client.get("/v1/keys", query_string=query, headers=headers)
        assert page.status_code == 200, page.json
        items += page.json["items"]
        totals.add(page.json["total"])
        cursor = page.json["next_cursor"]
        if cursor is None:
            assert totals == {len(items)}
            return items


def test_an_admin_lists_every_key_without_secrets_and_a_partner_only_its_own(api, partner, other_partner):
    second = api.client.post("/v1/keys", json={"role": "partner", "partner_id": partner.partner_id,
                                               "label": "second system"}, headers=api.admin)
    assert second.status_code == 201
    assert "5 seconds" in second.json["reaches_other_services"]

    everything = all_keys(api, api.admin, limit=1)  # one a page: the cursor walks them all
    ids = [key["key_id"] for key in everything]
    assert len(ids) == len(set(ids)) == 4  # the admin's, partner's two, other partner's
    assert {key["partner_id"] for key in everything} == {None, partner.partner_id, other_partner.partner_id}
    for key in everything:
        assert "key" not in key and "key_hash" not in key
        assert key["issued_by"] == "intake"

    own = all_keys(api, partner.headers)
    assert {key["key_id"] for key in own} == {key["key_id"] for key in everything
                                             if key["partner_id"] == partner.partner_id}
    assert len(own) == 2
    refused = api.client.get("/v1/keys?issued_by=intake", headers=partner.headers)
    assert refused.status_code == 403


def test_last_use_is_shown_for_a_used_key_only(api, partner, other_partner):
    assert api.client.get("/v1/whoami", headers=partner.headers).status_code == 200
    listed = {key["partner_id"]: key for key in all_keys(api, api.admin) if key["partner_id"]}
    assert listed[partner.partner_id]["last_used_at"] is not None
    assert listed[other_partner.partner_id]["last_used_at"] is None


def test_a_key_with_an_expiry_works_until_then_and_an_expiry_in_the_past_is_refused(api, partner):
    ends = utcnow() + timedelta(days=30)
    created = api.client.post("/v1/keys", json={"role": "partner", "partner_id": partner.partner_id,
                                                "expires_at": ends.isoformat()}, headers=api.admin)
    assert created.status_code == 201, created.json
    assert api.client.get("/v1/whoami", headers=bearer(created.json["key"])).status_code == 200
    listed = [key for key in all_keys(api, api.admin) if key["key_id"] == created.json["key_id"]]
    assert listed[0]["expires_at"] == ends.isoformat()

    past = api.client.post("/v1/keys", json={"role": "admin", "expires_at": "2020-01-01T00:00:00Z"},
                           headers=api.admin)
    assert past.status_code == 422
    assert list(past.json["errors"]) == ["expires_at"]


def test_rotation_keeps_the_old_key_for_the_overlap_and_none_stops_it_at_once(api, partner):
    rotated = api.client.post(f"/v1/keys/{whoami(api, partner.headers)}/rotate",
                              json={"overlap_hours": 2}, headers=api.admin)
    assert rotated.status_code == 201, rotated.json
    assert rotated.json["partner_id"] == partner.partner_id
    old_ends = rotated.json["old_key"]["expires_at"]
    assert old_ends is not None
    assert api.client.get("/v1/whoami", headers=partner.headers).status_code == 200  # in the overlap
    new = bearer(rotated.json["key"])
    assert api.client.get("/v1/whoami", headers=new).status_code == 200

    again = api.client.post(f"/v1/keys/{rotated.json['key_id']}/rotate", json={"overlap_hours": 0},
                            headers=api.admin)
    assert again.status_code == 201
    refused = api.client.get("/v1/whoami", headers=new)
    assert refused.status_code == 401
    assert "expired" in refused.json["message"]
    stale = api.client.post(f"/v1/keys/{rotated.json['key_id']}/rotate", json={}, headers=api.admin)
    assert stale.status_code == 409
    missing = api.client.post("/v1/keys/6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10/rotate", json={},
                              headers=api.admin)
    assert missing.status_code == 404
    assert api.client.post(f"/v1/keys/{rotated.json['key_id']}/rotate", json={},
                           headers=partner.headers).status_code == 403


def test_notify_lists_its_copy_of_the_keys(kafka_bootstrap, database_url):
    runtime = make_runtime("notify", database_url, kafka_bootstrap)
    new_key = generate_key()
    record = {"key_id": new_key.key_id, "key_hash": new_key.key_hash, "role": "admin",
              "partner_id": None, "board_id": None, "label": "synced", "created_at": utcnow(),
              "revoked_at": None, "expires_at": None}
    try:
        with runtime.uow_factory() as uow:  # as the key topic's consumer would
            apply_key_event(uow.connection, runtime.api_keys_table, record, "intake")
            uow.commit()
        client = notify_app(runtime=runtime).test_client()
        listed = client.get("/v1/keys", headers=bearer(new_key.secret))
        assert listed.status_code == 200, listed.json
        assert [(k["key_id"], k["issued_by"]) for k in listed.json["items"]] == [(new_key.key_id, "intake")]
        assert client.post("/v1/keys", json={"role": "admin"},
                           headers=bearer(new_key.secret)).status_code == 405  # notify issues none
    finally:
        runtime.engine.dispose()


def whoami(api, headers) -> str:
    return api.client.get("/v1/whoami", headers=headers).json["key_id"]
