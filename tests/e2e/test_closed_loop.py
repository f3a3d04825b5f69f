"""The whole loop across the three services, through their HTTP APIs, the real broker, real
databases and the real SMTP sink: submit -> decide -> publish -> email -> closed -> unsubscribe.
"""
from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from tests.e2e.api import auth, created, mail_to as _mail_to, partner_and_board
from tests.support.polling import wait_for



def test_submit_decide_publish_email_close_and_unsubscribe(heard):
    intake, decisions, notify, sink = heard["intake"], heard["decisions"], heard["notify"], heard["sink"]
    programme = f"Adult mental health crisis care {uuid.uuid4().hex[:6]}"
    admin, partner_key, board, board_key = partner_and_board(heard, programme)

    address = f"sam.{uuid.uuid4().hex[:6]}@example.org"
    told = created(intake.post("/v1/contributors", headers=auth(partner_key), json={
        "email": address, "preferred_name": "Sam", "consent_method": "written",
        "consent": {"contact_about_outcomes": True, "quote_anonymously": True}}))
    silent_address = f"alex.{uuid.uuid4().hex[:6]}@example.org"
    silent = created(intake.post("/v1/contributors", headers=auth(partner_key), json={
        "email": silent_address, "consent_method": "verbal",
        "consent": {"contact_about_outcomes": False, "quote_anonymously": False}}))

    def submit(summary, contributor_id=None):
        body = {"programme": programme, "topics": ["out of hours"], "summary": summary,
                "engagement_method": "workshop", "participation_level": "co-design",
                "gathered_on": (date.today() - timedelta(days=3)).isoformat()}
        if contributor_id:
            body["contributor_id"] = contributor_id
        return created(intake.post("/v1/inputs", headers=auth(partner_key), json=body))["input_id"]

    asked_for_cafe = submit("At 3am the only place open was A&E. I wanted somewhere calm to go.",
                            told["contributor_id"])
    asked_for_taxi = submit("Getting home after a crisis at night costs too much.", silent["contributor_id"])
    anonymous = submit("Staff who have been through it themselves helped most.")

    wait_for(lambda: _queue_ids(decisions, board_key) >= {asked_for_cafe, asked_for_taxi, anonymous},
             timeout=120, message="inputs reaching the board's queue")

    decision = created(decisions.post("/v1/decisions", headers=auth(board_key), json={
        "programme": programme, "title": "Open a night-time crisis café",
        "summary": "A café open 8pm to 8am, staffed with peer supporters.",
        "rationale": "People told us A&E is the wrong place at night.",
        "decided_on": date.today().isoformat()}))
    links = f"/v1/decisions/{decision['decision_id']}/links"
    for input_id, influence, explanation in (
            (asked_for_cafe, "adopted", "You asked for somewhere calm at night: the café opens at 8pm."),
            (asked_for_taxi, "not_adopted", "We did not fund taxis because the café is on the night bus route."),
            (anonymous, "noted", "Peer supporters will staff the café.")):
        created(decisions.post(links, headers=auth(board_key), json={
            "input_id": input_id, "influence": influence, "explanation": explanation}))
    published = decisions.post(f"/v1/decisions/{decision['decision_id']}/publish", headers=auth(board_key), json={})
    assert published.status_code == 200, published.json

    # one email, to the one contributor who consented, about their input
    # the sink is this test's, but other tests' events share the broker: look at our addresses
    mail = wait_for(lambda: _mail_to(sink, address), timeout=60, message="the outcome email")
    assert len(mail) == 1 and not _mail_to(sink, silent_address)
    text = mail[0].get_body(preferencelist=("plain",)).get_content()
    assert "somewhere calm" in text and "the café opens at 8pm" in text
    assert f"/decisions/{decision['decision_id']}" in text
    assert mail[0].get_body(preferencelist=("html",)) is not None

    # intake's status says the same as the figures: only the person told is closed
    for input_id, expected in ((asked_for_cafe, "closed"), (asked_for_taxi, "not_wanted"),
                               (anonymous, "anonymous")):
        wait_for(lambda i=input_id, e=expected: intake.get(f"/v1/inputs/{i}", headers=auth(partner_key))
                 .json["status"] == e, timeout=60, message=f"input {input_id} {expected} in intake")
    outcome = intake.get(f"/v1/inputs/{asked_for_cafe}/outcome", headers=auth(partner_key)).json
    assert [(d["influence"], d["contributor_told"]) for d in outcome["decisions"]] == [("adopted", True)]
    # in the figures only the person told has a closed loop: the one who did not want to hear is
    # "not wanted", the anonymous one has nobody to tell
    wait_for(lambda: _loops_in_decisions(heard["runtimes"]["decisions"], [
        asked_for_cafe, asked_for_taxi, anonymous]) == [(True, False), (False, True), (False, False)],
             timeout=60, message="closed and not-wanted loops in decisions' read model")
    assert not _queue_ids(decisions, board_key) & {asked_for_cafe, asked_for_taxi, anonymous}

    # the unsubscribe link from the real email works, and the next news is suppressed
    link = re.search(r"<(https?://[^>]+)>", mail[0]["List-Unsubscribe"]).group(1)
    path = urlsplit(link).path
    assert notify.get(path).status_code == 200
    assert notify.post(path).status_code == 200
    progress = decisions.post(f"/v1/decisions/{decision['decision_id']}/progress", headers=auth(board_key),
                              json={"status": "in_progress", "percent": 20, "note": "Lease signed."})
    assert progress.status_code == 201, progress.json
    wait_for(lambda: _suppressed_unsubscribed(notify, admin, decision["decision_id"]), timeout=60,
             message="progress news suppressed for the unsubscribed contributor")
    assert len(_mail_to(sink, address)) == 1


def _queue_ids(client, key) -> set:
    return {item["input_id"] for item in client.get("/v1/queue?limit=200", headers=auth(key)).json["items"]}


def _loops_in_decisions(runtime, input_ids) -> list[tuple[bool, bool]]:
    """(closed, not wanted) for each input, in order."""
    inputs = runtime.metadata.tables["inputs"]
    with runtime.engine.connect() as conn:
        rows = {r.input_id: (r.closed_at is not None, r.not_wanted_at is not None)
                for r in conn.execute(select(inputs.c.input_id, inputs.c.closed_at, inputs.c.not_wanted_at)
                                      .where(inputs.c.input_id.in_(input_ids)))}
    return [rows.get(i) for i in input_ids]


# The link puts the address on notify's list at once ("unsubscribed") and, once intake has recorded
# the withdrawal (method "unsubscribe link") and sent the contact on, notify's copy has no consent
# either ("no_consent" comes first): which one the news meets depends on which arrives first.
HONOURED = ("unsubscribed", "no_consent")


def _suppressed_unsubscribed(client, key, decision_id) -> bool:
    items = client.get(f"/v1/notifications?decision_id={decision_id}", headers=auth(key)).json.get("items", [])
    return any(i["trigger"] == "progress" and i["status"] == "suppressed" and i["reason"] in HONOURED
               for i in items)
