"""Erasure leaves no copy in intake: not in the outbox, not in stored Idempotency-Key responses,
and stored responses expire."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from services.common.db.outbox_scrub import empty_relayed_personal_data
from services.common.db.types import utcnow
from services.intake.adapters.orm import idempotency_keys
from tests.integration.intake.support import IntakeApi, contributor_body
from tests.support.services import make_runtime

CONTACTS = "intake.contacts.v1"


def keyed_post(api, body, headers, key):
    return api.client.post("/v1/contributors", json=body, headers={**headers, "Idempotency-Key": key})


def stored_bodies(api) -> list[str]:
    with api.runtime.engine.connect() as conn:
        return list(conn.execute(select(idempotency_keys.c.response_body)).scalars())


def test_a_replayed_contributor_response_is_read_afresh_and_no_address_is_stored(api, partner):
    body = contributor_body()
    first = keyed_post(api, body, partner.headers, "k-1")
    assert first.status_code == 201 and first.json["email"] == body["email"]
    assert not [b for b in stored_bodies(api) if body["email"] in b or "Sam" in b]

    erased = api.client.delete(f"/v1/contributors/{first.json['contributor_id']}", headers=api.admin)
    assert erased.status_code == 200, erased.json  # an admin erases on the person's behalf
    again = keyed_post(api, body, partner.headers, "k-1")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json["contributor_id"] == first.json["contributor_id"]
    assert again.json["email"] is None and again.json["preferred_name"] is None
    assert body["email"] not in again.get_data(as_text=True)


def test_stored_responses_expire_after_the_configured_hours(kafka_bootstrap, database_url):
    api = IntakeApi(make_runtime("intake", database_url, kafka_bootstrap,
                                 HEARD_IDEMPOTENCY_TTL_HOURS="2"))
    partner = api.new_partner()
    body = contributor_body()
    old = keyed_post(api, body, partner.headers, "old")
    recent = keyed_post(api, body | {"email": "x." + body["email"]}, partner.headers, "recent")
    with api.runtime.engine.begin() as conn:
        for key, age in (("old", 3), ("recent", 1)):
            conn.execute(update(idempotency_keys).where(idempotency_keys.c.idempotency_key == key)
                         .values(created_at=utcnow() - timedelta(hours=age)))

    assert keyed_post(api, body | {"email": "x." + body["email"]}, partner.headers,
                      "recent").headers.get("Idempotent-Replayed") == "true"
    fresh = keyed_post(api, body, partner.headers, "old")
    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh.headers
    assert fresh.json["contributor_id"] != old.json["contributor_id"] != recent.json["contributor_id"]
    api.runtime.engine.dispose()


def test_erasure_and_the_scrub_empty_every_outbox_copy_of_a_contact(api, partner):
    relayed = api.new_contributor(partner)
    pending = api.new_contributor(partner)
    kept = api.new_contributor(partner)
    outbox = api.runtime.outbox_table
    # the relay has sent the first contributor's rows (and the partner's), not the others yet
    with api.runtime.engine.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.message_key.in_(
            [relayed["contributor_id"], partner.partner_id])).values(published_at=utcnow()))

    for who in (relayed, pending):
        assert api.client.delete(f"/v1/contributors/{who['contributor_id']}",
                                 headers=partner.headers).status_code == 200
    contacts = api.outbox(CONTACTS)
    for who in (relayed, pending):
        mine = [row for row in contacts if row["key"] == who["contributor_id"]]
        assert mine and all(row["value"] is None for row in mine)
    assert any(row["value"] for row in contacts if row["key"] == kept["contributor_id"])

    assert empty_relayed_personal_data(api.runtime.engine, outbox) >= 1  # the partner's contact
    with api.runtime.engine.begin() as conn:
        conn.execute(update(outbox).values(published_at=utcnow()))
    empty_relayed_personal_data(api.runtime.engine, outbox)
    assert all(row["value"] is None for row in api.outbox(CONTACTS))
    # other topics keep their values: they carry no contact details
    assert all(row["value"] for row in api.outbox("intake.contributor-consent-changed.v1"))
