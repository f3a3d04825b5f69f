"""/v1/relays: whom the partner must tell itself, in the order the outcomes came, and recording
that it did (an outcome-relayed event with ids only; the input's loop closes)."""
from __future__ import annotations

import uuid

from services.intake.entrypoints.consumers import intake_handlers
from tests.integration.intake.events import FAILED, SENT, decision, delivery, link, notification

RELAYED = "intake.outcome-relayed.v1"


def test_the_relay_list_marking_told_and_its_event(api, partner, other_partner):
    handlers = intake_handlers(api.runtime.uow_factory)

    def consume(event):
        handlers[event[0].topic](delivery(*event))

    def person(owner=partner, **overrides):
        contributor = api.new_contributor(owner, **overrides)["contributor_id"]
        return api.new_input(owner, contributor_id=contributor)

    no_email, failed, emailed = person(email=None), person(), person()
    not_wanted = person(consent={"contact_about_outcomes": False, "quote_anonymously": False},
                        email=None)
    anonymous, later = api.new_input(partner), person(email=None)
    withdrawn = person(email=None)
    api.client.post(f"/v1/inputs/{withdrawn['input_id']}/withdraw", json={}, headers=partner.headers)
    strangers = person(other_partner, email=None)
    first = decision([link(no_email), link(failed), link(emailed), link(not_wanted),
                      link(anonymous), link(withdrawn), link(strangers)])
    second = decision([link(later, "not_adopted", "Not this year: the budget is spent.")])
    consume(first)
    consume(second)
    consume(notification(FAILED, first[1]["decision_id"], failed))
    consume(notification(SENT, first[1]["decision_id"], emailed))

    listed = api.client.get("/v1/relays", headers=partner.headers)
    assert listed.status_code == 200, listed.json
    items = listed.json["items"]
    # oldest outcome first (one decision's input by id); told, unwanted, anonymous left out
    assert {(i["input_id"], i["reason"]) for i in items[:2]} == {
        (no_email["input_id"], "no_email"), (failed["input_id"], "email_failed")}
    assert (items[2]["input_id"], items[2]["reason"]) == (later["input_id"], "no_email")
    assert items[2]["decision_title"] == second[1]["title"]
    items.sort(key=lambda i: i["input_id"] != no_email["input_id"])
    assert (items[2]["influence"], items[2]["explanation"]) == (
        "not_adopted", "Not this year: the budget is spent.")
    assert items[0]["input_summary"] == no_email["summary"] and items[0]["preferred_name"] == "Sam"

    pages, cursor = [], None
    while True:  # one at a time: the keyset gives each once, in order
        page = api.client.get("/v1/relays", query_string={"limit": 1, **({"cursor": cursor} if cursor else {})},
                              headers=partner.headers).json
        pages += [i["input_id"] for i in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    assert pages == [i["input_id"] for i in listed.json["items"]]
    assert [i["input_id"] for i in api.client.get("/v1/relays", headers=other_partner.headers)
            .json["items"]] == [strangers["input_id"]]

    told = api.client.post("/v1/relays/told", headers=partner.headers, json={
        "decision_id": first[1]["decision_id"], "input_id": no_email["input_id"], "how": "phone"})
    assert told.status_code == 201, told.json
    assert told.json["how"] == "phone"
    shown = api.client.get(f"/v1/inputs/{no_email['input_id']}", headers=partner.headers).json
    assert shown["status"] == "closed" and shown["status_history"][-1]["cause"] == RELAYED
    outcome = api.client.get(f"/v1/inputs/{no_email['input_id']}/outcome", headers=partner.headers).json
    assert outcome["decisions"][0]["contributor_told"] is True
    [event] = [e for e in api.outbox(RELAYED)]
    assert event["key"] == no_email["contributor_id"]
    assert {k: event["value"]["payload"][k] for k in ("decision_id", "input_ids", "how", "partner_id")} == {
        "decision_id": first[1]["decision_id"], "input_ids": [no_email["input_id"]], "how": "phone",
        "partner_id": partner.partner_id}
    assert "@" not in str(event["value"]) and "Sam" not in str(event["value"]), "ids only"
    assert [i["input_id"] for i in api.client.get("/v1/relays", headers=partner.headers).json["items"]] == [
        failed["input_id"], later["input_id"]]

    def mark(input_, owner=partner, how="in_person", decision_id=first[1]["decision_id"]):
        return api.client.post("/v1/relays/told", headers=owner.headers, json={
            "decision_id": decision_id, "input_id": input_["input_id"], "how": how})

    again = mark(no_email)
    assert again.status_code == 409 and again.json["errors"] == {"input_id": ["Already recorded as told."]}
    assert mark(emailed).status_code == 409, "emailed already: not the partner's to tell"
    assert mark(not_wanted).status_code == 409
    assert mark(no_email, owner=other_partner).status_code == 404
    wrong = mark(failed, how="carrier pigeon")
    assert wrong.status_code == 422 and "how" in wrong.json["errors"]
    assert len(api.outbox(RELAYED)) == 1


def test_answers_and_questions_reach_the_partner_only(api, partner, other_partner):
    from datetime import timedelta

    from services.common.contracts import contract_for
    from services.common.db.types import utcnow

    answered = contract_for("notify", "outcome-answered", 1)
    handlers = intake_handlers(api.runtime.uow_factory)
    ours = api.new_contributor(partner)["contributor_id"]
    theirs = api.new_contributor(other_partner)["contributor_id"]
    decision_id, board_id, now = str(uuid.uuid4()), str(uuid.uuid4()), utcnow()

    def answer(contributor, owner, value, comment, at):
        handlers[answered.topic](delivery(answered, answered.build({
            "decision_id": decision_id, "board_id": board_id, "partner_id": owner.partner_id,
            "contributor_id": contributor, "answer": value, "comment": comment, "answered_at": at})))

    answer(ours, partner, "partly", "When does the cafe open on Sundays?", now)
    answer(ours, partner, "yes", None, now - timedelta(minutes=5))  # older, arrives late: ignored
    answer(theirs, other_partner, "no", "Nobody asked us.", now)
    answer(str(uuid.uuid4()), partner, "no", "Not a contributor of this database.", now)

    listed = api.client.get("/v1/answers", headers=partner.headers)
    assert listed.status_code == 200, listed.json
    assert [(a["contributor_id"], a["answer"], a["comment"]) for a in listed.json["items"]] == [
        (ours, "partly", "When does the cafe open on Sundays?")]
    questions = api.client.get("/v1/answers?questions=true", headers=other_partner.headers).json
    assert [a["comment"] for a in questions["items"]] == ["Nobody asked us."]
