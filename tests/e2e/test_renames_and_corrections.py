"""A partner renamed in intake, and a published decision's wording corrected in decisions, on
the real broker with the three services, both databases and the SMTP sink: the new name reaches
the board's queue, the corrected title reaches intake's outcome, and nobody is emailed about a
correction of wording alone (the next progress update is, as ever)."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from tests.e2e.api import auth, created, mail_to, partner_and_board
from tests.support.polling import wait_for


def test_a_new_partner_name_reaches_the_queue_and_a_wording_correction_reaches_intake_unemailed(heard):
    intake, decisions, sink = heard["intake"], heard["decisions"], heard["sink"]
    programme = f"Crisis care {uuid.uuid4().hex[:6]}"
    admin, partner_key, board, board_key = partner_and_board(heard, programme)
    partner_id = intake.get("/v1/whoami", headers=auth(partner_key)).json["partner_id"]
    address = f"sam.{uuid.uuid4().hex[:6]}@example.org"
    sam = created(intake.post("/v1/contributors", headers=auth(partner_key), json={
        "email": address, "consent_method": "written", "partner_ref": "N-0042",
        "consent": {"contact_about_outcomes": True, "quote_anonymously": True}}))
    input_id = created(intake.post("/v1/inputs", headers=auth(partner_key), json={
        "programme": programme, "topics": ["nights"], "contributor_id": sam["contributor_id"],
        "summary": "At 3am the only place open was A&E.", "engagement_method": "workshop",
        "participation_level": "co-design", "gathered_on": (date.today() - timedelta(days=3)).isoformat()}))["input_id"]

    def queued_partner_name():
        items = decisions.get("/v1/queue?limit=200", headers=auth(board_key)).json["items"]
        return next((i["partner_name"] for i in items if i["input_id"] == input_id), None)

    wait_for(lambda: queued_partner_name() == "Northtown Peer Support", timeout=120,
             message="the input in the board's queue with its partner's name")
    renamed = intake.patch(f"/v1/partners/{partner_id}", headers=auth(admin),
                           json={"name": "Northtown Peer Network"})
    assert renamed.status_code == 200, renamed.json
    wait_for(lambda: queued_partner_name() == "Northtown Peer Network", timeout=60,
             message="the new partner name in the board's queue")

    decision = created(decisions.post("/v1/decisions", headers=auth(board_key), json={
        "programme": programme, "title": "Open a night cafe", "summary": "A café open 8pm to 8am.",
        "rationale": "A&E is the wrong place at night.", "decided_on": date.today().isoformat()}))
    decision_id = decision["decision_id"]
    created(decisions.post(f"/v1/decisions/{decision_id}/links", headers=auth(board_key), json={
        "input_id": input_id, "influence": "adopted", "explanation": "You asked for somewhere calm at night."}))
    assert decisions.post(f"/v1/decisions/{decision_id}/publish", headers=auth(board_key),
                          json={}).status_code == 200
    wait_for(lambda: len(mail_to(sink, address)) == 1, timeout=60, message="the outcome email")

    corrected = decisions.post(f"/v1/decisions/{decision_id}/revisions", headers=auth(board_key), json={
        "reason": "The title lost its accent.", "title": "Open a night café"})
    assert corrected.status_code == 201, corrected.json

    def intake_title():
        outcome = intake.get(f"/v1/inputs/{input_id}/outcome", headers=auth(partner_key)).json
        return [(d["decision_title"], d["revision"]) for d in outcome["decisions"]]

    wait_for(lambda: intake_title() == [("Open a night café", 2)], timeout=60,
             message="the corrected title in intake's outcome")
    # the next news after the correction is emailed: once it is in, nothing came for revision 2
    progress = decisions.post(f"/v1/decisions/{decision_id}/progress", headers=auth(board_key),
                              json={"status": "in_progress", "percent": 20, "note": "Lease signed."})
    assert progress.status_code == 201, progress.json
    mail = wait_for(lambda: m if len(m := mail_to(sink, address)) == 2 else None, timeout=60,
                    message="the progress email")
    assert "Lease signed." in mail[1].get_body(preferencelist=("plain",)).get_content()
    assert "Open a night café" in mail[1]["Subject"] + mail[1].get_body(preferencelist=("plain",)).get_content()
    wait_for(lambda: heard["notify"].get("/v1/whoami", headers=auth(admin)).status_code == 200,
             timeout=60, message="admin key reaching notify")
    triggers = [n["trigger"] for n in heard["notify"].get(
        f"/v1/notifications?decision_id={decision_id}", headers=auth(admin)).json["items"]]
    assert sorted(triggers) == ["progress", "published"]
    page = decisions.get(f"/decisions/{decision_id}").get_data(as_text=True)
    assert "The title lost its accent." in page
