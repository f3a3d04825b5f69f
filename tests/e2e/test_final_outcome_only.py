"""A contributor who chose "final outcome only" (through the partner API) hears of a decision
once, when its implementation ends, on the real broker, both databases and the SMTP sink:
nothing for the publication or the progress on the way, one email at the end, and their loop
closes only then. Someone who hears of each update is emailed each time."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from tests.e2e.api import auth, created, mail_to, partner_and_board, queue_ids
from tests.support.polling import wait_for


def test_final_outcome_only_holds_the_news_until_the_end_and_sends_it_once(heard):
    intake, decisions, notify, sink = heard["intake"], heard["decisions"], heard["notify"], heard["sink"]
    programme = f"Crisis care {uuid.uuid4().hex[:6]}"
    admin, partner_key, board, board_key = partner_and_board(heard, programme)
    final_address, each_address = (f"{who}.{uuid.uuid4().hex[:6]}@example.org" for who in ("sam", "kim"))
    consent = {"consent_method": "written", "consent": {"contact_about_outcomes": True, "quote_anonymously": False}}
    sam = created(intake.post("/v1/contributors", headers=auth(partner_key), json={
        "email": final_address, "preferred_name": "Sam", **consent}))
    kim = created(intake.post("/v1/contributors", headers=auth(partner_key), json={
        "email": each_address, "preferred_name": "Kim", **consent}))
    chosen = intake.patch(f"/v1/contributors/{sam['contributor_id']}", headers=auth(partner_key),
                          json={"email_frequency": "final_outcome"})
    assert chosen.status_code == 200 and chosen.json["email_frequency"] == "final_outcome", chosen.json

    def submit(summary, contributor_id):
        return created(intake.post("/v1/inputs", headers=auth(partner_key), json={
            "programme": programme, "topics": ["nights"], "summary": summary, "contributor_id": contributor_id,
            "engagement_method": "workshop", "participation_level": "co-design",
            "gathered_on": (date.today() - timedelta(days=3)).isoformat()}))["input_id"]

    sams = submit("I wanted somewhere calm to go at night.", sam["contributor_id"])
    kims = submit("A&E was the only place open at 3am.", kim["contributor_id"])
    wait_for(lambda: queue_ids(decisions, board_key) >= {sams, kims}, timeout=120,
             message="inputs reaching the board's queue")
    decision = created(decisions.post("/v1/decisions", headers=auth(board_key), json={
        "programme": programme, "title": "Open a night-time crisis café",
        "summary": "A café open 8pm to 8am, staffed with peer supporters.",
        "rationale": "People told us A&E is the wrong place at night.", "decided_on": date.today().isoformat()}))
    decision_id = decision["decision_id"]
    for input_id in (sams, kims):
        created(decisions.post(f"/v1/decisions/{decision_id}/links", headers=auth(board_key), json={
            "input_id": input_id, "influence": "adopted", "explanation": "The café opens at 8pm every night."}))
    assert decisions.post(f"/v1/decisions/{decision_id}/publish", headers=auth(board_key), json={}).status_code == 200
    progress = f"/v1/decisions/{decision_id}/progress"
    created(decisions.post(progress, headers=auth(board_key), json={
        "status": "in_progress", "percent": 40, "note": "The lease is signed."}))

    wait_for(lambda: len(mail_to(sink, each_address)) == 2, timeout=120, message="Kim's two emails")
    wait_for(lambda: sorted(statuses(notify, admin, decision_id, sam["contributor_id"])) == ["held", "held"],
             timeout=60, message="Sam's two updates held")
    assert mail_to(sink, final_address) == []

    def status() -> str:
        return intake.get(f"/v1/inputs/{sams}", headers=auth(partner_key)).json["status"]

    assert status() != "closed", "nobody has told Sam yet: the loop is open"

    created(decisions.post(progress, headers=auth(board_key), json={
        "status": "delivered", "percent": 100, "note": "The café opened on Friday."}))
    [final] = wait_for(lambda: mail_to(sink, final_address), timeout=120, message="Sam's final email")
    text = " ".join(final.get_body(("plain",)).get_content().split())
    for words in ("I wanted somewhere calm to go at night.", "The café opens at 8pm every night.",
                  "The café opened on Friday."):
        assert words in text, words
    wait_for(lambda: sorted(statuses(notify, admin, decision_id, sam["contributor_id"])) == ["sent"] * 3,
             timeout=60, message="what was held settled with the final email")
    wait_for(lambda: status() == "closed", timeout=60, message="Sam's loop closed in intake")
    wait_for(lambda: len(mail_to(sink, each_address)) == 3, timeout=60, message="Kim's third email")
    assert len(mail_to(sink, final_address)) == 1, "one email for three updates"


def statuses(notify, admin, decision_id, contributor_id) -> list[str]:
    listed = notify.get("/v1/notifications", headers=auth(admin),
                        query_string={"decision_id": decision_id, "limit": 100})
    if listed.status_code != 200:  # the admin key may not have reached notify yet
        return []
    return [i["status"] for i in listed.json["items"] if i["contributor_id"] == contributor_id]
