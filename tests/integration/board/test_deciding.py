"""The workspace's whole path without JavaScript (a plain HTTP client posting its forms): filter,
link many, preview, publish, progress, revise; and the errors a board member can meet."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from services.decisions.service_layer import read_model

CONSENTED = {"contact_about_outcomes": True, "has_email": True, "accessible_format": "easy_read"}
PARTNER_ONLY = {"contact_about_outcomes": True, "has_email": False, "accessible_format": "standard"}
SILENT = {"contact_about_outcomes": False, "has_email": True, "accessible_format": "standard"}


def new_draft(workspace, client, token, title="Open a night crisis café") -> str:
    response = client.post("/board/decisions/new", data={
        "csrf_token": token, "programme": workspace.programme, "title": title,
        "summary": "A café open 8pm to 8am.", "rationale": "A&E is the wrong place at 3am.",
        "decided_on": "2026-11-30"})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def outbox_types(workspace) -> list[str]:
    outbox = workspace.runtime.outbox_table
    with workspace.runtime.engine.connect() as conn:
        return [r.event_type for r in conn.execute(select(outbox.c.event_type, outbox.c.value)
                                                   .order_by(outbox.c.created_at))]


def test_filter_link_many_preview_publish_progress_and_revise(workspace):
    cafe = workspace.add_input("Somewhere calm to go at night", days_ago=40, consent=CONSENTED)
    bus = workspace.add_input("The night bus never comes", days_ago=20, consent=PARTNER_ONLY)
    quiet = workspace.add_input("Night staff who listen", days_ago=15, consent=SILENT)
    anonymous = workspace.add_input("Night waiting room is cold", days_ago=5, contributor=False)
    other = workspace.add_input("Daytime parking costs", days_ago=12, consent=CONSENTED)
    client, token = workspace.signed_in()
    decision_id = new_draft(workspace, client, token)

    queue = client.get("/board/queue", query_string={"q": "NIGHT"}).get_data(as_text=True)
    assert "4 pieces of input match" in queue and "Daytime parking" not in queue
    assert "Overdue by 10 days" in queue  # the 40-day-old input, against a 30-day promise
    older = client.get("/board/queue", query_string={"older_than": "18"}).get_data(as_text=True)
    assert "2 pieces of input match" in older

    linked = client.post("/board/queue", data={
        "csrf_token": token, "input_ids": [cafe, bus, quiet, anonymous], "decision_id": decision_id,
        "influence": "adopted", "explanation": "We are opening a café at night.",
        "return_q": "night"})
    assert linked.status_code == 303
    page = client.get(linked.headers["Location"]).get_data(as_text=True)
    assert "4 pieces of input linked." in page and "The night bus never comes" in page

    preview = client.get(f"/board/decisions/{decision_id}/preview").get_data(as_text=True)
    assert "1 person will be told by email" in preview and "1 in easy read" in preview
    assert "1 will not be emailed because they did not want to hear" in preview
    assert "1 can be reached only through their partner" in preview
    assert "1 piece of input is anonymous" in preview
    assert "Somewhere calm to go at night" in preview and "We are opening a café at night." in preview
    # the email shown first is that of someone who will get one
    assert "The email of the person who gave “Somewhere calm to go at night”" in preview
    for fmt in ("standard", "easy_read", "large_print"):
        html = client.get(f"/board/decisions/{decision_id}/preview/{fmt}.html")
        assert html.status_code == 200 and "We are opening a café at night." in html.get_data(as_text=True)

    confirm = client.get(f"/board/decisions/{decision_id}/publish").get_data(as_text=True)
    assert "Publish and tell 1 person by email" in confirm
    published = client.post(f"/board/decisions/{decision_id}/publish", data={"csrf_token": token})
    assert published.status_code == 303
    assert "Published. 1 person will be emailed." in client.get(published.headers["Location"]).get_data(as_text=True)
    assert "Daytime parking" in client.get("/board/queue").get_data(as_text=True)
    assert "Somewhere calm" not in client.get("/board/queue").get_data(as_text=True)

    progress = client.post(f"/board/decisions/{decision_id}/progress", data={
        "csrf_token": token, "status": "in_progress", "percent": "40", "note": "Lease signed."})
    assert progress.status_code == 303, progress.get_data(as_text=True)[-4000:]
    revision = client.post(f"/board/decisions/{decision_id}/revise", data={
        "csrf_token": token, "reason": "Money came through for four nights only.",
        f"influence-{cafe}": "adapted", f"explanation-{cafe}": "The café opens four nights a week for now.",
        f"remove-{anonymous}": "yes"})
    assert revision.status_code == 303, revision.get_data(as_text=True)
    shown = client.get(revision.headers["Location"]).get_data(as_text=True)
    assert "Revision recorded. 1 person will be emailed again." in shown and "Lease signed." in shown
    assert outbox_types(workspace)[-3:] == ["outcome-published", "progress-updated", "outcome-revised"]
    assert other  # never linked: stays in the queue


def test_errors_link_to_their_fields_and_name_withdrawn_input(workspace):
    withdrawn = workspace.add_input("I was turned away twice", consent=CONSENTED)
    client, token = workspace.signed_in()
    empty = client.post("/board/decisions/new", data={"csrf_token": token, "decided_on": "not a date"})
    page = empty.get_data(as_text=True)
    assert empty.status_code == 400
    for field in ("programme", "title", "summary", "rationale", "decided_on"):
        assert f'href="#{field}"' in page and f'id="{field}-error"' in page
    assert "Enter the date it was decided as a date" in page

    decision_id = new_draft(workspace, client, token)
    refused = client.post("/board/queue", data={
        "csrf_token": token, "input_ids": [withdrawn], "decision_id": decision_id,
        "influence": "not_adopted", "explanation": "No."})
    assert refused.status_code == 400
    assert 'href="#explanation"' in refused.get_data(as_text=True)
    assert "at least 20 characters" in refused.get_data(as_text=True)
    nothing = client.post("/board/queue", data={"csrf_token": token, "decision_id": decision_id,
                                                "influence": "noted", "explanation": "Noted."})
    assert 'href="#input_ids"' in nothing.get_data(as_text=True)

    assert client.post("/board/queue", data={
        "csrf_token": token, "input_ids": [withdrawn], "decision_id": decision_id,
        "influence": "noted", "explanation": "It shaped how we ran the talk."}).status_code == 303
    with workspace.runtime.uow_factory() as uow:
        read_model.input_withdrawn(uow, {"input_id": withdrawn, "withdrawn_at": datetime.now(UTC)})
        uow.commit()
    blocked = client.post(f"/board/decisions/{decision_id}/publish", data={"csrf_token": token})
    page = blocked.get_data(as_text=True)
    assert blocked.status_code == 400
    assert "The input “I was turned away twice” has been withdrawn" in page and 'href="#links"' in page


def test_another_boards_decision_and_input_are_the_404_page(workspace):
    mine = workspace.add_input("Mine", consent=CONSENTED)
    client, token = workspace.signed_in()
    decision_id = new_draft(workspace, client, token)
    elsewhere = f"Elsewhere {decision_id[:6]}"
    _board, other_key, _key_id = workspace.new_board(elsewhere)
    theirs = workspace.add_input("Theirs", programme=elsewhere)
    other, other_token = workspace.signed_in(other_key)

    for path in (f"/board/decisions/{decision_id}", f"/board/decisions/{decision_id}/edit",
                 f"/board/decisions/{decision_id}/preview", f"/board/decisions/{decision_id}/publish",
                 f"/board/inputs/{mine}"):
        response = other.get(path)
        assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True), path
    assert other.post(f"/board/decisions/{decision_id}/delete",
                      data={"csrf_token": other_token}).status_code == 404
    assert client.get(f"/board/inputs/{theirs}").status_code == 404
    assert client.get(f"/board/decisions/{decision_id}").status_code == 200


def test_a_draft_is_edited_and_deleted_but_a_published_one_is_not(workspace):
    client, token = workspace.signed_in()
    decision_id = new_draft(workspace, client, token)
    edited = client.post(f"/board/decisions/{decision_id}/edit", data={
        "csrf_token": token, "programme": workspace.programme, "title": "Open a night café",
        "summary": "Four nights.", "rationale": "Money.", "decided_on": "2026-11-29",
        "review_on": "2027-05-01"})
    assert edited.status_code == 303
    assert "Open a night café" in client.get(f"/board/decisions/{decision_id}").get_data(as_text=True)
    assert client.post(f"/board/decisions/{decision_id}/delete",
                       data={"csrf_token": token}).status_code == 303
    assert client.get(f"/board/decisions/{decision_id}").status_code == 404

    published = new_draft(workspace, client, token, "Nothing considered")
    client.post(f"/board/decisions/{published}/publish",
                data={"csrf_token": token, "no_input_considered": "yes"})
    assert client.get(f"/board/decisions/{published}/edit").status_code == 409
    assert client.post(f"/board/decisions/{published}/delete", data={"csrf_token": token}).status_code == 409


def test_the_dashboard_shows_overdue_input_drafts_and_failed_emails_with_the_reason(workspace):
    import uuid

    late = workspace.add_input("Waiting far too long", days_ago=50, consent=CONSENTED)
    client, token = workspace.signed_in()
    decision_id = new_draft(workspace, client, token, "Draft in progress")
    with workspace.runtime.uow_factory() as uow:
        read_model.notification_outcome("failed", "failed_at")(uow, {
            "notification_id": uuid.uuid4(), "decision_id": decision_id, "board_id": workspace.board_id,
            "contributor_id": uuid.uuid4(), "partner_id": workspace.partner_id, "input_ids": [late],
            "trigger": "published", "trigger_ref": "revision-1", "failed_at": datetime.now(UTC),
            "reason": "550 mailbox unavailable"})
        uow.commit()

    page = client.get("/board/").get_data(as_text=True)
    assert "Your accountability figures" in page and "Input received" in page
    assert "Waiting far too long" in page and "Overdue by 20 days" in page
    assert "Draft in progress" in page
    assert "550 mailbox unavailable" in page


def test_people_whose_flags_predate_the_new_fields_are_counted_as_not_yet_known(workspace):
    old = workspace.add_input("From an old consent event", consent={"contact_about_outcomes": True})
    client, token = workspace.signed_in()
    decision_id = new_draft(workspace, client, token)
    client.post("/board/queue", data={"csrf_token": token, "input_ids": [old], "decision_id": decision_id,
                                      "influence": "noted", "explanation": "It shaped how we ran the talk."})
    page = client.get(f"/board/decisions/{decision_id}/publish").get_data(as_text=True)
    assert "0 people will be told by email" in page
    assert "For 1, the workspace has not yet heard whether they can be emailed" in page


def test_the_preview_says_who_will_hear_in_a_digest_or_only_at_the_final_outcome(workspace):
    at_once = workspace.add_input("Somewhere calm at night", consent={**CONSENTED, "email_frequency": "each_update"})
    digest = workspace.add_input("A café near the bus stop", consent={**CONSENTED, "email_frequency": "daily_digest"})
    final = workspace.add_input("Peer staff at night", consent={**CONSENTED, "email_frequency": "final_outcome"})
    client, token = workspace.signed_in()
    decision_id = new_draft(workspace, client, token)
    client.post("/board/queue", data={"csrf_token": token, "input_ids": [at_once, digest, final],
                                      "decision_id": decision_id, "influence": "adopted",
                                      "explanation": "We are opening a café at night."})
    for page in (f"/board/decisions/{decision_id}/preview", f"/board/decisions/{decision_id}/publish"):
        shown = client.get(page).get_data(as_text=True)
        assert "3 people will be told by email" in shown
        assert "Of them, 1 chose a daily digest: they get this in their next day" in shown
        assert "Of them, 1 chose to hear only the final outcome" in shown


def test_nobody_on_a_digest_means_no_digest_line(workspace):
    only = workspace.add_input("Somewhere calm at night", consent=CONSENTED)  # flags without a frequency
    client, token = workspace.signed_in()
    decision_id = new_draft(workspace, client, token)
    client.post("/board/queue", data={"csrf_token": token, "input_ids": [only], "decision_id": decision_id,
                                      "influence": "adopted", "explanation": "We are opening a café at night."})
    shown = client.get(f"/board/decisions/{decision_id}/preview").get_data(as_text=True)
    assert "1 person will be told by email" in shown and "chose a daily digest" not in shown
    assert "final outcome" not in shown
