"""Intake's side of registered programmes, through its HTTP API on a real database."""
from __future__ import annotations

from tests.integration.intake.support import PROGRAMME, input_body


def test_a_typo_is_refused_with_the_near_matches_and_nothing_is_written(api, partner):
    api.knows_programmes("Maternity 2027")
    before = api.outbox()
    refused = api.client.post("/v1/inputs", json=input_body(programme="Adult mental health crisis  care 2O27"),
                              headers=partner.headers)
    assert refused.status_code == 422
    [message] = refused.json["errors"]["programme"]
    assert repr(PROGRAMME) in message and "Maternity" not in message
    assert "GET /v1/programmes" in message
    assert api.outbox() == before


def test_a_closed_programme_takes_no_input_and_a_batch_names_the_item(api, partner):
    api.knows_programmes("Closed 2025", status="closed")
    batch = {"inputs": [input_body(), input_body(programme="Closed 2025")]}
    refused = api.client.post("/v1/inputs/batch", json=batch, headers=partner.headers)
    assert refused.status_code == 422
    assert list(refused.json["errors"]["inputs"]) == ["1"]
    assert "closed" in refused.json["errors"]["inputs"]["1"]["programme"][0]
    assert api.client.post("/v1/inputs", json=input_body(), headers=partner.headers).status_code == 201


def test_the_programmes_intake_knows_are_listed_to_anyone_by_pages(api):
    api.knows_programmes("Maternity 2027", "Young people 2027")
    first = api.client.get("/v1/programmes", query_string={"limit": 2})
    assert first.status_code == 200 and first.json["next_cursor"]
    rest = api.client.get("/v1/programmes", query_string={"cursor": first.json["next_cursor"]})
    names = [p["name"] for p in first.json["items"] + rest.json["items"]]
    assert sorted(names) == sorted([PROGRAMME, "Maternity 2027", "Young people 2027"])
