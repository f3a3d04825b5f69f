"""A partner's daily digest on the real broker, both databases and the SMTP sink, through the
three services' APIs: after a decision citing its input is published and makes progress, and one
contributor answers with a question, the digest says whom to tell (the one with no address, for
each event), lists the progress, counts the answer and the question, links the relay list, and
names nobody. Nothing of the contributors' reaches the logs."""
from __future__ import annotations

import logging
import re
import uuid
from datetime import UTC, datetime, timedelta
from datetime import date as date_
from urllib.parse import urlsplit

from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.entrypoints.delivery_loop import build_delivery_loop
from tests.e2e.api import auth, created, mail_to, partner_and_board, queue_ids
from tests.support.polling import wait_for

QUESTION = "Will the café be open at weekends too?"


def test_the_partner_digest_says_whom_to_tell_and_what_came_back(heard, caplog):
    caplog.set_level(logging.DEBUG, logger="services")
    intake, decisions, notify, sink = heard["intake"], heard["decisions"], heard["notify"], heard["sink"]
    programme = f"Crisis care {uuid.uuid4().hex[:6]}"
    admin, partner_key, board, board_key = partner_and_board(heard, programme)
    partner_id = intake.get("/v1/whoami", headers=auth(partner_key)).json["partner_id"]
    team = f"team.{uuid.uuid4().hex[:6]}@northtown.example"
    asked = intake.patch(f"/v1/partners/{partner_id}", headers=auth(partner_key),
                         json={"daily_digest": True, "contact_email": team})
    assert asked.status_code == 200 and asked.json["daily_digest"], asked.json

    sam_address = f"sam.{uuid.uuid4().hex[:6]}@example.org"
    consent = {"contact_about_outcomes": True, "quote_anonymously": False}
    sam = created(intake.post("/v1/contributors", headers=auth(partner_key), json={
        "email": sam_address, "preferred_name": "Sam Northmere", "consent_method": "written", "consent": consent}))
    jo = created(intake.post("/v1/contributors", headers=auth(partner_key), json={
        "preferred_name": "Jo Northmere", "consent_method": "verbal", "consent": consent}))

    def submit(summary, contributor_id):
        return created(intake.post("/v1/inputs", headers=auth(partner_key), json={
            "programme": programme, "topics": ["nights"], "summary": summary, "contributor_id": contributor_id,
            "engagement_method": "workshop", "participation_level": "engagement",
            "gathered_on": (date_.today() - timedelta(days=3)).isoformat()}))["input_id"]

    inputs = [submit("I wanted somewhere calm to go at night.", sam["contributor_id"]),
              submit("Nobody answers the phone at night.", jo["contributor_id"])]
    wait_for(lambda: queue_ids(decisions, board_key) >= set(inputs), timeout=120,
             message="inputs reaching the board's queue")
    decision_id = created(decisions.post("/v1/decisions", headers=auth(board_key), json={
        "programme": programme, "title": "Open a night-time crisis café",
        "summary": "A café open 8pm to 8am.", "rationale": "People told us A&E is the wrong place at night.",
        "decided_on": date_.today().isoformat()}))["decision_id"]
    for input_id in inputs:
        created(decisions.post(f"/v1/decisions/{decision_id}/links", headers=auth(board_key), json={
            "input_id": input_id, "influence": "adopted", "explanation": "The café opens at 8pm every night."}))
    assert decisions.post(f"/v1/decisions/{decision_id}/publish", headers=auth(board_key), json={}).status_code == 200
    created(decisions.post(f"/v1/decisions/{decision_id}/progress", headers=auth(board_key), json={
        "status": "in_progress", "percent": 30, "note": "The lease is signed."}))

    # Sam answers from the email, with a question; Jo has no address: the partner must tell Jo
    [first] = wait_for(lambda: mail_to(sink, sam_address)[:1], timeout=120, message="Sam's outcome email")
    page = urlsplit(re.search(r"https?://\S*/outcome/\S*", first.get_body(("plain",)).get_content()).group(0)).path
    assert notify.post(page.split("/answer/")[0], data={"answer": "partly", "comment": QUESTION}).status_code == 200
    wait_for(lambda: len(mail_to(sink, sam_address)) == 2, timeout=60, message="Sam's progress email")
    wait_for(lambda: sorted(relays(intake, partner_key)) == [("published", jo["contributor_id"])]
             and suppressed_for_jo(notify, admin, decision_id, jo["contributor_id"]) == 2,
             timeout=60, message="Jo's news on the relay list, and notify knowing it")

    hour = heard["runtimes"]["notify"].settings.mail.digest_hour
    now = datetime.now(UTC)
    day = now.date() if now.hour < hour else now.date() + timedelta(days=1)  # the window holding now
    loop = build_delivery_loop(heard["runtimes"]["notify"], UnsubscribeTokens.for_settings(
        heard["runtimes"]["notify"].settings.mail))
    loop.clock = lambda: datetime(day.year, day.month, day.day, hour, 5, tzinfo=UTC)
    try:
        wait_for(lambda: loop.tick() and mail_to(sink, team), timeout=60, message="the partner's digest")
    finally:
        loop.mailer.close()
    [digest] = mail_to(sink, team)
    text = " ".join(digest.get_body(("plain",)).get_content().split())
    html = digest.get_body(("html",)).get_content()
    assert digest["Subject"].startswith("Your organisation's day on Heard")
    assert "2 people want to hear this news but cannot be emailed" in text, "Jo, for each of two events"
    assert text.count("1 person to tell; 1 with no email address") == 2
    assert "The work has started (30% done). The lease is signed." in text
    assert "Open a night-time crisis café" in text and "It cites 2 pieces of your organisation's input." in text
    assert "1 person told us whether they feel their views were used honestly. 1 of them left a comment" in text
    relay_list = f"{heard['runtimes']['notify'].settings.mail.intake_url}/relays/print"
    assert relay_list in text and f'href="{relay_list}"' in html
    # Heard's own logs (the Kafka client's debug lines print the compacted contact topic's records)
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records if r.name.startswith("services"))
    assert "digest" in logged, "the digest's own log lines are among those checked"
    for private in ("Sam Northmere", "Jo Northmere", sam_address, QUESTION):
        assert private not in text and private not in html, private
        assert private not in logged, f"{private!r} in the logs"


def relays(intake, partner_key) -> list[tuple[str, str]]:
    listed = intake.get("/v1/relays", headers=auth(partner_key))
    return [("published", item["contributor_id"]) for item in listed.json["items"]] if listed.status_code == 200 else []


def suppressed_for_jo(notify, admin, decision_id, jo) -> int:
    listed = notify.get("/v1/notifications", headers=auth(admin), query_string={"decision_id": decision_id})
    if listed.status_code != 200:  # the admin key may not have reached notify yet
        return 0
    return sum(1 for i in listed.json["items"] if i["contributor_id"] == jo and i["reason"] == "no_email")
