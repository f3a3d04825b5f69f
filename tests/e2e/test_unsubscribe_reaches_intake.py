"""The unsubscribe link in a real outcome email, across the three real services on the real broker:
intake's consent record shows the withdrawal, recorded with the method "unsubscribe link" (that
notify stops emailing the address is shown by tests/e2e/notify/test_unsubscribe.py)."""
from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

from tests.e2e.api import auth, created, mail_to, partner_and_board
from tests.support.polling import wait_for


def test_the_unsubscribe_link_withdraws_email_consent_in_intake(heard):
    intake, decisions, notify, sink = heard["intake"], heard["decisions"], heard["notify"], heard["sink"]
    programme = f"Night care {uuid.uuid4().hex[:6]}"
    _admin, partner_key, _board, board_key = partner_and_board(heard, programme)
    address = f"sam.{uuid.uuid4().hex[:6]}@example.org"
    contributor_id = created(intake.post("/v1/contributors", headers=auth(partner_key), json={
        "email": address, "preferred_name": "Sam", "consent_method": "written",
        "consent": {"contact_about_outcomes": True, "quote_anonymously": True}}))["contributor_id"]
    input_id = created(intake.post("/v1/inputs", headers=auth(partner_key), json={
        "programme": programme, "contributor_id": contributor_id, "topics": ["nights"],
        "summary": "Nowhere to go at night but A&E.", "engagement_method": "story",
        "participation_level": "consultation",
        "gathered_on": (date.today() - timedelta(days=2)).isoformat()}))["input_id"]
    queue = f"/v1/queue?programme={programme}"
    wait_for(lambda: [i["input_id"] for i in decisions.get(queue, headers=auth(board_key)).json["items"]]
             == [input_id], timeout=120, message="the input reaching the board's queue")
    decision_id = created(decisions.post("/v1/decisions", headers=auth(board_key), json={
        "programme": programme, "title": "A night café", "summary": "Open 8pm to 8am.",
        "rationale": "People told us A&E is the wrong place.",
        "decided_on": date.today().isoformat()}))["decision_id"]
    created(decisions.post(f"/v1/decisions/{decision_id}/links", headers=auth(board_key), json={
        "input_id": input_id, "influence": "adopted", "explanation": "The café opens at 8pm."}))
    assert decisions.post(f"/v1/decisions/{decision_id}/publish", headers=auth(board_key),
                          json={}).status_code == 200

    [email] = wait_for(lambda: mail_to(sink, address), timeout=90, message="the outcome email")
    link = urlsplit(re.fullmatch(r"<(.+)>", email["List-Unsubscribe"]).group(1)).path
    pressed = notify.post(link, data="List-Unsubscribe=One-Click",
                          content_type="application/x-www-form-urlencoded")
    assert pressed.status_code == 200, pressed.get_data(as_text=True)

    def withdrawn() -> dict | None:
        record = intake.get(f"/v1/contributors/{contributor_id}", headers=auth(partner_key)).json
        return record if record["consent"]["contact_about_outcomes"] is False else None
    record = wait_for(withdrawn, timeout=90, message="intake's consent record showing the unsubscribe")
    assert record["consent"] == {"contact_about_outcomes": False, "quote_anonymously": True}
    assert [(r["consent_method"], r["contact_about_outcomes"]) for r in record["consent_history"]] == [
        ("written", True), ("unsubscribe link", False)]
    assert record["consent_method"] == "unsubscribe link"
    assert record["email"] == address  # the address stays with the partner; only consent changed
