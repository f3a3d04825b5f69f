"""A partner sees and changes only its own contributors and inputs: anything else is 404."""
from __future__ import annotations

from tests.integration.intake.support import input_body


def test_another_partners_records_are_404_and_never_listed(api, partner, other_partner):
    contributor = api.new_contributor(partner)
    submitted = api.new_input(partner, contributor_id=contributor["contributor_id"])
    own = api.new_input(other_partner)
    theirs = other_partner.headers
    person = f"/v1/contributors/{contributor['contributor_id']}"
    item = f"/v1/inputs/{submitted['input_id']}"

    answers = [
        api.client.get(person, headers=theirs),
        api.client.patch(person, json={"language": "fr"}, headers=theirs),
        api.client.delete(person, headers=theirs),
        api.client.get(item, headers=theirs),
        api.client.get(f"{item}/outcome", headers=theirs),
        api.client.post(f"{item}/withdraw", json={}, headers=theirs),
        api.client.get(f"/v1/partners/{partner.partner_id}", headers=theirs),
    ]

    assert [a.status_code for a in answers] == [404] * len(answers)
    assert all(contributor["email"] not in a.get_data(as_text=True) for a in answers)
    listed = api.client.get("/v1/inputs", headers=theirs).json["items"]
    assert [i["input_id"] for i in listed] == [own["input_id"]]
    everyone = api.client.get("/v1/inputs", headers=api.admin).json["items"]
    assert {i["input_id"] for i in everyone} == {submitted["input_id"], own["input_id"]}
    # nothing changed by the refused requests
    after = api.client.get(item, headers=partner.headers).json
    assert after["status"] == "received"
    assert api.client.get(person, headers=partner.headers).json["language"] == "en"


def test_submitting_with_another_partners_contributor_is_404_not_500(api, partner, other_partner):
    theirs = api.new_contributor(other_partner)
    response = api.client.post("/v1/inputs", json=input_body(contributor_id=theirs["contributor_id"]),
                               headers=partner.headers)
    assert response.status_code == 404
    assert response.json["errors"] == {"contributor_id": ["No such contributor."]}
    assert api.outbox("intake.input-submitted.v1") == []
