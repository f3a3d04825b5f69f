"""POST /v1/inputs/batch: up to 500 inputs, all created or none."""
from __future__ import annotations

from services.intake.adapters.orm import input_status_history, input_topics, inputs
from tests.integration.intake.support import input_body

TABLES = (inputs, input_topics, input_status_history)


def test_a_valid_batch_creates_every_input_and_event(api, partner):
    contributor = api.new_contributor(partner)
    items = [input_body(summary=f"Workshop note {n}") for n in range(3)]
    items[1]["contributor_id"] = contributor["contributor_id"]

    created = api.client.post("/v1/inputs/batch", json={"inputs": items}, headers=partner.headers)

    assert created.status_code == 201, created.json
    assert [i["summary"] for i in created.json["items"]] == [f"Workshop note {n}" for n in range(3)]
    assert created.json["items"][1]["contributor_id"] == contributor["contributor_id"]
    assert {i["status"] for i in created.json["items"]} == {"received"}
    events = api.outbox("intake.input-submitted.v1")
    assert [e["key"] for e in events] == [i["input_id"] for i in created.json["items"]]


def test_one_bad_item_fails_the_batch_with_errors_by_index_and_nothing_written(api, partner):
    items = [input_body() for _ in range(5)]
    items[2]["summary"] = ""
    items[4]["participation_level"] = "tokenism"
    items[4]["extra"] = True
    before = len(api.outbox())

    response = api.client.post("/v1/inputs/batch", json={"inputs": items}, headers=partner.headers)

    assert response.status_code == 422
    by_index = response.json["errors"]["inputs"]
    assert set(by_index) == {"2", "4"}
    assert by_index["2"] == {"summary": ["Must not be blank."]}
    assert set(by_index["4"]) == {"participation_level", "extra"}
    assert [api.count(table) for table in TABLES] == [0, 0, 0]
    assert len(api.outbox()) == before


def test_another_partners_contributor_fails_the_batch_by_index(api, partner, other_partner):
    theirs = api.new_contributor(other_partner)
    ours = api.new_contributor(partner)
    items = [input_body(contributor_id=ours["contributor_id"]),
             input_body(contributor_id=theirs["contributor_id"])]
    before = len(api.outbox())

    response = api.client.post("/v1/inputs/batch", json={"inputs": items}, headers=partner.headers)

    assert response.status_code == 422
    assert response.json["errors"] == {"inputs": {"1": {"contributor_id": ["No such contributor."]}}}
    assert [api.count(table) for table in TABLES] == [0, 0, 0]
    assert len(api.outbox()) == before


def test_batch_size_is_one_to_five_hundred(api, partner):
    small = input_body(summary="s", topics=["t"])
    too_many = api.client.post("/v1/inputs/batch", json={"inputs": [small] * 501},
                               headers=partner.headers)
    empty = api.client.post("/v1/inputs/batch", json={"inputs": []}, headers=partner.headers)
    assert too_many.status_code == empty.status_code == 422
    assert set(too_many.json["errors"]) == set(empty.json["errors"]) == {"inputs"}
    full = api.client.post("/v1/inputs/batch", json={"inputs": [small] * 500}, headers=partner.headers)
    assert full.status_code == 201, full.json
    assert api.count(inputs) == 500
