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
    assert (first.json["total"], rest.json["total"]) == (3, 3)


def test_co_production_is_taken_once_the_programme_names_the_stage_of_shared_decisions(api, partner):
    co_produced = input_body(engagement_method="co_design_session", participation_level="co-production")
    before = api.outbox()
    refused = api.client.post("/v1/inputs", json=co_produced, headers=partner.headers)
    assert refused.status_code == 422
    [message] = refused.json["errors"]["participation_level"]
    assert "on the input or on its programme" in message
    assert api.outbox() == before, "nothing written"

    api.knows_programmes(PROGRAMME, shared_decision_stage="setting_priorities")
    [shown] = [p for p in api.client.get("/v1/programmes").json["items"] if p["name"] == PROGRAMME]
    assert shown["shared_decision_stage"] == "setting_priorities"
    taken = api.client.post("/v1/inputs", json=co_produced, headers=partner.headers)
    assert taken.status_code == 201, taken.json
    assert taken.json["shared_decision_stage"] == "setting_priorities"
    own = api.client.post("/v1/inputs", json={**co_produced, "shared_decision_stage": "reviewing"},
                          headers=partner.headers)
    assert own.status_code == 201 and own.json["shared_decision_stage"] == "reviewing", "its own stage first"
    survey = api.client.post("/v1/inputs", json={**co_produced, "engagement_method": "survey"},
                             headers=partner.headers)
    assert survey.status_code == 422 and "A survey cannot be" in survey.json["errors"]["participation_level"][0]
