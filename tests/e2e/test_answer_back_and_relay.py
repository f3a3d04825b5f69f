"""Closing the loop both ways, across the three real services on the real broker, with the
real SMTP sink: a partner submits input (some contributors consented to email, one did not want
to hear, one has no address, one piece is anonymous), the board links and publishes, notify
emails the ones who consented, they answer back from the email's links and one asks a question,
the partner sees the question and its relay list, marks the no-email contributor as told, and
the answer counts and the public figures move with each step."""
from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

from tests.e2e.api import auth, created, mail_to, partner_and_board
from tests.support.polling import wait_for

ANSWERS = ("partly", "yes", "yes", "no", "yes")  # the first person also asks a question
QUESTION = "Will the café be open at weekends too?"


def text_of(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def link_path(text: str, pattern: str) -> str:
    """The path of the first link in the email's text that matches `pattern`."""
    found = re.search(r"https?://\S*" + pattern + r"\S*", text)
    assert found, f"no link matching {pattern!r} in the email"
    return urlsplit(found.group(0)).path


def words(response) -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_answers_questions_relay_and_figures_move(heard):
    intake, decisions, notify, sink = heard["intake"], heard["decisions"], heard["notify"], heard["sink"]
    programme = f"Adult crisis care {uuid.uuid4().hex[:6]}"
    admin, partner_key, board, board_key = partner_and_board(heard, programme)

    def contributor(**body) -> str:
        return created(intake.post("/v1/contributors", headers=auth(partner_key), json={
            "consent_method": "verbal", **body}))["contributor_id"]

    def submit(summary: str, contributor_id: str | None = None) -> str:
        body = {"programme": programme, "topics": ["night care"], "summary": summary,
                "engagement_method": "workshop", "participation_level": "engagement",
                "gathered_on": (date.today() - timedelta(days=3)).isoformat()}
        if contributor_id:
            body["contributor_id"] = contributor_id
        return created(intake.post("/v1/inputs", headers=auth(partner_key), json=body))["input_id"]

    yes_to_email = {"contact_about_outcomes": True, "quote_anonymously": True}
    addresses = [f"person{n}.{uuid.uuid4().hex[:6]}@example.org" for n in range(len(ANSWERS))]
    emailed = [submit(f"Night care story number {n}: A&E was the only place open.",
                      contributor(email=address, preferred_name=f"Person {n}", consent=yes_to_email))
               for n, address in enumerate(addresses)]
    not_wanted_address = f"alex.{uuid.uuid4().hex[:6]}@example.org"
    not_wanted = submit("Getting home at night costs too much.", contributor(
        email=not_wanted_address, consent={"contact_about_outcomes": False, "quote_anonymously": False}))
    jo = contributor(preferred_name="Jo", consent=yes_to_email)  # wants to hear, has no address
    relayed = submit("Nobody answers the phone at night.", jo)
    anonymous = submit("Night staff who had been through it helped most.")
    everything = [*emailed, not_wanted, relayed, anonymous]
    queue = f"/v1/queue?programme={programme}&limit=50"
    wait_for(lambda: {i["input_id"] for i in decisions.get(queue, headers=auth(board_key)).json["items"]}
             >= set(everything), timeout=120, message="the input reaching the board's queue")

    decision = created(decisions.post("/v1/decisions", headers=auth(board_key), json={
        "programme": programme, "title": "Open a night-time crisis café",
        "summary": "A café open 8pm to 8am, staffed with peer supporters.",
        "rationale": "People told us A&E is the wrong place at night.",
        "decided_on": date.today().isoformat()}))
    decision_id = decision["decision_id"]
    for input_id in everything:
        created(decisions.post(f"/v1/decisions/{decision_id}/links", headers=auth(board_key), json={
            "input_id": input_id, "influence": "adopted",
            "explanation": "You asked for somewhere calm at night, so the café opens at 8pm."}))
    published = decisions.post(f"/v1/decisions/{decision_id}/publish", headers=auth(board_key), json={})
    assert published.status_code == 200, published.json

    def figures() -> dict:
        found = decisions.get("/v1/reports/accountability", query_string={"programme": programme})
        assert found.status_code == 200, found.json
        return found.json["inputs"]

    # the five who consented are emailed; nobody else is
    mails = [wait_for(lambda a=a: mail_to(sink, a), timeout=90, message="an outcome email")
             for a in addresses]
    assert [len(m) for m in mails] == [1] * len(addresses)
    assert not mail_to(sink, not_wanted_address)
    before = wait_for(lambda: (f := figures())["closed_loop"] == len(addresses) and f, timeout=60,
                      message="the emailed loops closed in the figures")
    assert (before["received"], before["with_outcome"], before["not_wanted"], before["anonymous"]) \
        == (len(everything), len(everything), 1, 1)
    assert before["closed_loop_rate"] == round(len(addresses) / (len(addresses) + 1), 3)

    # the first person opens their own page from the email and answers with a question
    first = text_of(mails[0][0])
    page_path = link_path(first, "/outcome/")
    page_path = page_path.split("/answer/")[0]
    shown = words(notify.get(page_path))
    assert "Night care story number 0" in shown and "the café opens at 8pm" in shown
    assert "Night care story number 1" not in shown, "only their own input"
    answered = notify.post(page_path, data={"answer": ANSWERS[0], "comment": QUESTION})
    assert "Your answer is saved" in words(answered)
    # the others press one of the email's answer links, then the button on the page it opens
    for mail, answer in zip(mails[1:], ANSWERS[1:], strict=True):
        confirm_path = link_path(text_of(mail[0]), f"/answer/{answer}")
        confirm = notify.get(confirm_path)
        assert confirm.status_code == 200 and 'name="answer"' in confirm.get_data(as_text=True)
        assert "Your answer is saved" in words(notify.post(confirm_path.split("/answer/")[0],
                                                            data={"answer": answer}))

    # the partner sees the question (never the board); the board sees counts only
    questions = wait_for(lambda: intake.get("/v1/answers?questions=true",
                                            headers=auth(partner_key)).json["items"],
                         timeout=60, message="the question reaching the partner")
    assert [(q["decision_id"], q["answer"], q["comment"], q["preferred_name"]) for q in questions] == [
        (decision_id, "partly", QUESTION, "Person 0")]
    counts = wait_for(lambda: decisions.get(f"/v1/decisions/{decision_id}/answers",
                                            headers=auth(board_key)).json["counts"],
                      timeout=60, message="five answers counted in decisions")
    assert counts == {"answered": 5, "yes": 3, "partly": 1, "no": 1}
    public = words(decisions.get(f"/decisions/{decision_id}"))
    assert ("People who told us how their input was used about this decision: 5; felt it was used "
            "honestly: 3, partly: 1, not: 1.") in public
    assert QUESTION not in public

    # the relay list holds only Jo: emailed, not wanted and anonymous input are not the partner's to tell
    relays = intake.get("/v1/relays", headers=auth(partner_key)).json["items"]
    assert [(r["input_id"], r["preferred_name"], r["reason"]) for r in relays] == [
        (relayed, "Jo", "no_email")]
    told = intake.post("/v1/relays/told", headers=auth(partner_key), json={
        "decision_id": decision_id, "input_id": relayed, "how": "phone"})
    assert told.status_code == 201, told.json
    assert intake.get("/v1/relays", headers=auth(partner_key)).json["items"] == []

    after = wait_for(lambda: (f := figures())["closed_loop"] == len(addresses) + 1 and f, timeout=60,
                     message="the partner's relay closing Jo's loop in the figures")
    assert after["closed_loop_rate"] == 1.0
    assert (after["not_wanted"], after["anonymous"]) == (1, 1), "still on their own lines, never closed"
    # intake's status follows the same rule: closed only for the people told
    expected = {**{i: "closed" for i in [*emailed, relayed]}, not_wanted: "not_wanted", anonymous: "anonymous"}
    wait_for(lambda: {i: intake.get(f"/v1/inputs/{i}", headers=auth(partner_key)).json["status"]
                      for i in everything} == expected, timeout=60, message="intake's statuses")
    board_page = words(decisions.get(f"/boards/{board['slug']}"))
    assert "1 did not want to hear about outcomes and 1 were given anonymously" in board_page
