"""PATCH and DELETE /v1/decisions/<id>: drafts only, through the same use cases as the workspace."""
from __future__ import annotations


def auth(key):
    return {"Authorization": f"Bearer {key}"}


def draft(workspace, client) -> str:
    response = client.post("/v1/decisions", headers=auth(workspace.key), json={
        "programme": workspace.programme, "title": "Open a night café", "summary": "Nights.",
        "rationale": "A&E at 3am.", "decided_on": "2026-11-30"})
    assert response.status_code == 201, response.json
    return response.json["decision_id"]


def test_patch_changes_only_the_fields_given_and_delete_removes_the_draft(workspace):
    client = workspace.client()
    decision_id = draft(workspace, client)
    patched = client.patch(f"/v1/decisions/{decision_id}", headers=auth(workspace.key),
                           json={"title": "  Open a night crisis café ", "review_on": "2027-06-01"})
    assert patched.status_code == 200, patched.json
    assert (patched.json["title"], patched.json["summary"], patched.json["review_on"]) == (
        "Open a night crisis café", "Nights.", "2027-06-01")

    bad = client.patch(f"/v1/decisions/{decision_id}", headers=auth(workspace.key),
                       json={"review_on": "2026-01-01"})
    assert bad.status_code == 422 and "review_on" in bad.json["errors"]
    blank = client.patch(f"/v1/decisions/{decision_id}", headers=auth(workspace.key), json={"title": " "})
    assert blank.status_code == 422 and "title" in blank.json["errors"]

    assert client.delete(f"/v1/decisions/{decision_id}", headers=auth(workspace.key)).status_code == 204
    assert client.get(f"/v1/decisions/{decision_id}", headers=auth(workspace.key)).status_code == 404


def test_a_published_decision_cannot_be_patched_or_deleted(workspace):
    client = workspace.client()
    decision_id = draft(workspace, client)
    assert client.post(f"/v1/decisions/{decision_id}/publish", headers=auth(workspace.key),
                       json={"no_input_considered": True}).status_code == 200
    patched = client.patch(f"/v1/decisions/{decision_id}", headers=auth(workspace.key),
                           json={"title": "Changed"})
    deleted = client.delete(f"/v1/decisions/{decision_id}", headers=auth(workspace.key))
    assert patched.status_code == 409 and "revision" in patched.json["message"]
    assert deleted.status_code == 409 and "published" in deleted.json["message"]
    assert client.get(f"/v1/decisions/{decision_id}", headers=auth(workspace.key)).json["title"] == "Open a night café"


def test_another_boards_draft_is_not_found(workspace):
    client = workspace.client()
    decision_id = draft(workspace, client)
    _board, other_key, _ = workspace.new_board()
    assert client.patch(f"/v1/decisions/{decision_id}", headers=auth(other_key),
                        json={"title": "x"}).status_code == 404
    assert client.delete(f"/v1/decisions/{decision_id}", headers=auth(other_key)).status_code == 404


def test_the_api_queue_filters_by_partner_and_words_of_the_summary_like_the_workspace(workspace):
    night = workspace.add_input("The 100% night bus never comes")
    workspace.add_input("Parking costs too much")
    client = workspace.client()

    def ids(**query):
        response = client.get("/v1/queue", headers=auth(workspace.key), query_string=query)
        assert response.status_code == 200, response.json
        return [item["input_id"] for item in response.json["items"]]

    assert ids(q="NIGHT BUS") == [night]
    assert ids(q="100%") == [night]  # a % in the words is a character, not a wildcard
    assert ids(q="_") == []
    assert len(ids(partner_id=workspace.partner_id)) == 2
    assert ids(partner_id="6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10") == []


def test_the_api_queue_says_how_many_match_on_every_page(workspace):
    night = [workspace.add_input(f"The night bus never comes ({n})", days_ago=30 - n) for n in range(3)]
    workspace.add_input("Parking costs too much")
    client = workspace.client()

    def page(**query):
        response = client.get("/v1/queue", headers=auth(workspace.key), query_string=query)
        assert response.status_code == 200, response.json
        return response.json

    first = page(q="night bus", limit=2)
    second = page(q="night bus", limit=2, cursor=first["next_cursor"])
    assert (first["total"], second["total"]) == (3, 3)
    assert [i["input_id"] for i in first["items"] + second["items"]] == night
    assert page()["total"] == 4 and page(q="nothing like this")["total"] == 0


def test_the_decision_list_says_how_many_of_the_boards_decisions_match(workspace):
    client = workspace.client()
    drafts = [draft(workspace, client) for _ in range(3)]
    assert client.post(f"/v1/decisions/{drafts[0]}/publish", headers=auth(workspace.key),
                       json={"no_input_considered": True}).status_code == 200
    _board, other_key, _ = workspace.new_board()

    def page(key=workspace.key, **query):
        response = client.get("/v1/decisions", headers=auth(key), query_string=query)
        assert response.status_code == 200, response.json
        return response.json

    first = page(limit=2)
    rest = page(limit=2, cursor=first["next_cursor"])
    assert (first["total"], rest["total"], len(first["items"] + rest["items"])) == (3, 3, 3)
    assert (page(status="draft")["total"], page(status="published")["total"]) == (2, 1)
    assert page(programme="Not one of ours")["total"] == 0
    assert page(other_key)["total"] == 0  # another board's count does not include ours
