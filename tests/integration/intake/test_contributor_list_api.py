"""GET /v1/contributors and the partner's own reference, on both databases."""
from __future__ import annotations

import uuid

from tests.integration.intake.support import contributor_body


def test_a_partner_ref_is_kept_unique_per_partner_and_stays_out_of_events(api, partner, other_partner):
    ref = f"CRM-{uuid.uuid4().hex[:6]}"
    first = api.new_contributor(partner, partner_ref=f"  {ref} ")
    assert first["partner_ref"] == ref
    assert api.new_contributor(other_partner, partner_ref=ref)["partner_ref"] == ref  # its own records
    rows = api.count(api.runtime.metadata.tables["contributors"])

    clash = api.client.post("/v1/contributors", json=contributor_body(partner_ref=ref), headers=partner.headers)

    assert clash.status_code == 409, clash.json
    assert list(clash.json["errors"]) == ["partner_ref"]
    assert ref not in clash.get_data(as_text=True)
    assert api.count(api.runtime.metadata.tables["contributors"]) == rows  # nothing half-written
    second = api.new_contributor(partner, partner_ref=f"{ref}-2")
    url = f"/v1/contributors/{second['contributor_id']}"
    moved = api.client.patch(url, json={"partner_ref": ref}, headers=partner.headers)
    assert moved.status_code == 409 and list(moved.json["errors"]) == ["partner_ref"]
    cleared = api.client.patch(url, json={"partner_ref": None}, headers=partner.headers)
    assert cleared.status_code == 200 and cleared.json["partner_ref"] is None
    assert api.client.patch(url, json={"partner_ref": "me@example.org"},
                            headers=partner.headers).json["errors"].keys() == {"partner_ref"}
    assert ref not in str(api.outbox())  # the partner's data: no event carries it


def test_contributors_are_listed_by_pages_with_a_total_and_never_another_partners(api, partner, other_partner):
    tag = uuid.uuid4().hex[:6]
    mine = [api.new_contributor(partner, partner_ref=f"{tag}-{n}") for n in range(3)]
    theirs = api.new_contributor(other_partner, partner_ref=f"{tag}-0")
    api.client.delete(f"/v1/contributors/{mine[2]['contributor_id']}", headers=partner.headers)

    first = api.client.get("/v1/contributors", query_string={"limit": 2}, headers=partner.headers)
    assert first.status_code == 200, first.json
    rest = api.client.get("/v1/contributors", query_string={"limit": 2, "cursor": first.json["next_cursor"]},
                          headers=partner.headers)
    assert (first.json["total"], rest.json["total"], rest.json["next_cursor"]) == (3, 3, None)
    listed = first.json["items"] + rest.json["items"]
    assert [c["contributor_id"] for c in listed] == [c["contributor_id"] for c in mine]
    # a list carries no contact details: read one record for those
    assert not {"email", "preferred_name", "consent_history"} & set(listed[0])
    assert listed[0]["has_email"] is True and listed[2]["erased"] is True
    assert mine[0]["email"] not in first.get_data(as_text=True)

    def ids(headers, **query):
        found = api.client.get("/v1/contributors", query_string=query, headers=headers)
        assert found.status_code == 200, found.json
        return [c["contributor_id"] for c in found.json["items"]], found.json["total"]

    assert ids(partner.headers, partner_ref=f"{tag}-1") == ([mine[1]["contributor_id"]], 1)
    assert ids(partner.headers, erased="false") == ([c["contributor_id"] for c in mine[:2]], 2)
    assert ids(partner.headers, partner_id=other_partner.partner_id) == ([], 0)
    assert ids(api.admin, partner_ref=f"{tag}-0") == (
        [mine[0]["contributor_id"], theirs["contributor_id"]], 2)
    assert ids(api.admin, partner_id=other_partner.partner_id, partner_ref=f"{tag}-0") == (
        [theirs["contributor_id"]], 1)
    bad = api.client.get("/v1/contributors", query_string={"partner_id": "nope", "cursor": "%%"},
                         headers=api.admin)
    assert bad.status_code == 422 and "partner_id" in bad.json["errors"]
