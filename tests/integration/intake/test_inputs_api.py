"""/v1/inputs: submit, read, list with cursors and filters, withdraw; every field validated."""
from __future__ import annotations

from datetime import date, timedelta

from services.intake.adapters.orm import inputs
from tests.integration.intake.support import input_body

INPUT_EVENTS = ("intake.input-submitted.v1", "intake.input-withdrawn.v1")


def test_submitted_input_is_received_with_location_history_and_event(api, partner):
    contributor = api.new_contributor(partner)
    created = api.client.post("/v1/inputs", json=input_body(
        contributor_id=contributor["contributor_id"], topics=["crisis care", "out of hours"],
        body="The longer story."), headers=partner.headers)

    assert created.status_code == 201, created.json
    input_id = created.json["input_id"]
    assert created.headers["Location"] == f"/v1/inputs/{input_id}"
    assert created.json["status"] == "received"
    assert [(h["status"], h["cause"]) for h in created.json["status_history"]] == [
        ("received", "intake.input-submitted.v1")]
    assert api.client.get(created.headers["Location"], headers=partner.headers).json == created.json
    [event] = api.outbox("intake.input-submitted.v1")
    payload = event["value"]["payload"]
    assert event["key"] == input_id
    assert payload["contributor_id"] == contributor["contributor_id"]
    assert payload["topics"] == ["crisis care", "out of hours"]
    assert payload["quote_anonymously"] is True
    assert contributor["email"] not in str(event)


def test_anonymous_input_is_never_quotable(api, partner):
    created = api.new_input(partner)
    assert created["contributor_id"] is None
    [event] = api.outbox("intake.input-submitted.v1")
    assert event["value"]["payload"]["quote_anonymously"] is False


FUTURE = (date.today() + timedelta(days=3)).isoformat()
BAD_FIELDS = [
    ("programme", ""), ("programme", "x" * 201),
    ("topics", []), ("topics", [f"topic {n}" for n in range(11)]), ("topics", ["a", "a"]),
    ("topics", [""]), ("summary", ""), ("summary", "   "), ("summary", "x" * 501),
    ("summary", "<script>x</script>"), ("summary", "Call me on sam@example.org"),
    ("body", "x" * 20001), ("engagement_method", "séance"), ("participation_level", "tokenism"),
    ("gathered_on", FUTURE), ("gathered_on", "last tuesday"), ("contributor_id", "nobody"),
    ("mood", "cheerful"),
]
REQUIRED = ("programme", "topics", "summary", "engagement_method", "participation_level",
            "gathered_on")


def test_each_bad_field_is_a_422_naming_it_and_creates_nothing(api, partner):
    # one database for all cases: each is its own request, so they cannot affect each other
    for field, value in BAD_FIELDS:
        response = api.client.post("/v1/inputs", json=input_body(**{field: value}),
                                   headers=partner.headers)
        assert response.status_code == 422, (field, value, response.json)
        assert set(response.json["errors"]) == {field}, (field, value)
        assert field in response.json["message"]
    for field in REQUIRED:
        body = input_body()
        del body[field]
        response = api.client.post("/v1/inputs", json=body, headers=partner.headers)
        assert response.json["errors"] == {field: ["Missing data for required field."]}
    assert api.count(inputs) == 0
    assert [e for e in api.outbox() if e["topic"] in INPUT_EVENTS] == []


def test_a_body_over_one_mebibyte_is_413(api, partner):
    response = api.client.post("/v1/inputs", data=b"{" + b" " * (1024 * 1024) + b"}",
                               headers={**partner.headers, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert set(response.json) == {"code", "status", "message", "errors"}
    assert api.count(inputs) == 0


def test_listing_pages_through_a_stable_order_with_filters(api, partner):
    api.knows_programmes("Programme 0", "Programme 1")
    made = [api.new_input(partner, programme=f"Programme {n % 2}",
                          topics=["housing"] if n == 3 else ["crisis care"]) for n in range(5)]
    pages, totals, cursor = [], [], None
    while True:
        page = api.client.get("/v1/inputs", query_string={"limit": 2, "cursor": cursor} if cursor
                              else {"limit": 2}, headers=partner.headers).json
        pages.append([item["input_id"] for item in page["items"]])
        totals.append(page["total"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [len(p) for p in pages] == [2, 2, 1]
    assert totals == [5, 5, 5]  # how many match, on every page
    assert sum(pages, []) == [i["input_id"] for i in
                              sorted(made, key=lambda i: (i["submitted_at"], i["input_id"]))]

    def ids(**query):
        listed = api.client.get("/v1/inputs", query_string=query, headers=partner.headers)
        assert listed.status_code == 200, listed.json
        assert listed.json["total"] == len(listed.json["items"])  # every filter counts as it lists
        return {item["input_id"] for item in listed.json["items"]}

    assert ids(programme="Programme 1") == {made[1]["input_id"], made[3]["input_id"]}
    assert ids(topic="housing") == {made[3]["input_id"]}
    assert ids(since=made[4]["submitted_at"]) == {made[4]["input_id"]}
    assert ids(status="received") == {i["input_id"] for i in made}
    assert ids(status="closed") == set()


def test_bad_list_queries_are_422(api, partner):
    for query in ({"cursor": "garbage"}, {"status": "lost"}, {"limit": 0}, {"since": "yesterday"},
                  {"cursor": "WyJub3QgYSB0aW1lIiwgIngiXQ"}, {"programm": "typo"}):
        response = api.client.get("/v1/inputs", query_string=query, headers=partner.headers)
        assert response.status_code == 422, query
        assert set(response.json["errors"]) == set(query)


def test_withdrawal_takes_the_input_out_once(api, partner):
    created = api.new_input(partner)
    url = f"/v1/inputs/{created['input_id']}/withdraw"

    withdrawn = api.client.post(url, json={"reason": "The contributor asked us to."},
                                headers=partner.headers)
    again = api.client.post(url, json={}, headers=partner.headers)

    assert withdrawn.status_code == again.status_code == 200, withdrawn.json
    assert withdrawn.json["status"] == "withdrawn" and withdrawn.json["withdrawn_at"]
    assert [h["status"] for h in again.json["status_history"]] == ["received", "withdrawn"]
    [event] = api.outbox("intake.input-withdrawn.v1")
    assert event["value"]["payload"]["input_id"] == created["input_id"]
    assert "asked" not in str(event)  # the reason stays in intake
    listed = api.client.get("/v1/inputs", query_string={"status": "withdrawn"},
                            headers=partner.headers).json["items"]
    assert [i["input_id"] for i in listed] == [created["input_id"]]
    assert api.client.post(url, json={"why": "?"}, headers=partner.headers).status_code == 422


def test_unknown_input_is_404_everywhere(api, partner):
    missing = "/v1/inputs/5c0ffee0-0000-4000-8000-000000000000"
    assert api.client.get(missing, headers=partner.headers).status_code == 404
    assert api.client.get(f"{missing}/outcome", headers=partner.headers).status_code == 404
    assert api.client.post(f"{missing}/withdraw", json={}, headers=partner.headers).status_code == 404


def test_admin_reads_but_does_not_submit(api, partner):
    created = api.new_input(partner)
    assert api.client.get(f"/v1/inputs/{created['input_id']}", headers=api.admin).status_code == 200
    assert api.client.post("/v1/inputs", json=input_body(), headers=api.admin).status_code == 403


def test_faux_production_is_refused_with_the_ladder_and_co_production_names_its_stage(api, partner):
    from tests.integration.intake.support import input_body

    survey = api.client.post("/v1/inputs", headers=partner.headers, json=input_body(
        engagement_method="survey", participation_level="co-production",
        shared_decision_stage="designing_services"))
    assert survey.status_code == 422
    [problem] = survey.json["errors"]["participation_level"]
    assert problem.startswith("A survey cannot be 'co-production'") and "The ladder runs" in problem
    unnamed = api.client.post("/v1/inputs", headers=partner.headers, json=input_body(
        engagement_method="co_design_session", participation_level="co-production"))
    assert unnamed.status_code == 422 and "shared_decision_stage" in unnamed.json["errors"]["participation_level"][0]
    named = api.client.post("/v1/inputs", headers=partner.headers, json=input_body(
        engagement_method="co_design_session", participation_level="co-production",
        shared_decision_stage="setting_priorities"))
    assert named.status_code == 201 and named.json["shared_decision_stage"] == "setting_priorities"
    [event] = [e for e in api.outbox("intake.input-submitted.v1")
               if e["value"]["payload"]["input_id"] == named.json["input_id"]]
    assert event["value"]["payload"]["shared_decision_stage"] == "setting_priorities"
