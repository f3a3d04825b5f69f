"""One email per contributor per decision event, with the right content, and never a second."""
from __future__ import annotations

import re

from sqlalchemy import select

from services.notify.adapters.orm import metadata
from services.common.db.types import utcnow
from tests.integration.notify import events as ev
from tests.integration.notify import support as s
from tests.support.polling import wait_for

NOT_ADOPTED = "We didn't fund extra taxis, because the café will be on the night bus route."
ADOPTED = "The café will open 8pm to 8am."


def test_each_contributor_gets_one_email_listing_all_their_cited_inputs(stack):
    k = stack.bootstrap
    partner_mail, sam_mail, ali_mail = ev.address("partner"), ev.address("sam"), ev.address("ali")
    partner_id = ev.partner(k, partner_mail, name="Northtown Mind")
    sam = ev.contributor(k, partner_id, sam_mail, name="Sam")
    ali = ev.contributor(k, partner_id, ali_mail, name="Ali", accessible_format="easy_read")
    night = ev.input_submitted(k, partner_id, sam, "There is nowhere to go at night except A&E.")
    taxi = ev.input_submitted(k, partner_id, sam, "Taxis home cost too much.")
    peers = ev.input_submitted(k, partner_id, ali, "I want to talk to someone who has been there.")
    anonymous = ev.input_submitted(k, partner_id, None, "A workshop note.")
    s.wait_known(stack.runtime, [partner_id, sam, ali], [night, taxi, peers, anonymous])

    decision_id, board_id = ev.new_id(), ev.new_id()
    published = ev.outcome_published(k, decision_id, board_id, [
        ev.link(night, sam, partner_id, "adopted", ADOPTED),
        ev.link(taxi, sam, partner_id, "not_adopted", NOT_ADOPTED),
        ev.link(peers, ali, partner_id, "noted", "Peer support is already funded elsewhere."),
        ev.link(anonymous, None, partner_id, "adapted", "Nobody to tell: anonymous input."),
    ])
    found = s.wait_statuses(stack.runtime, decision_id, 2)
    assert {r.contributor_id for r in found} == {sam, ali}  # no record for anonymous input
    assert all(r.status == "sent" and r.attempts == 1 and r.trigger_ref == "revision-1" for r in found)

    [email] = s.mail_to(stack.sink, sam_mail)
    assert email["Subject"] == "What happened to your views: Open a 24-hour crisis café"
    text = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    for expected in ("Hello Sam", "There is nowhere to go at night except A&E.",
                     "Taxis home cost too much.", "We did this.", ADOPTED, "We did not do this.",
                     "Why not: " + NOT_ADOPTED, "On 10 March 2027, Mental Health Commissioning Board",
                     f"http://decisions.test/decisions/{decision_id}", "contact Northtown Mind",
                     "To stop these emails"):
        assert expected in text, expected
    assert '<html lang="en">' in html and "<h1>" in html and "<h2>What they decided</h2>" in html
    assert "<img" not in html and "A&amp;E" in html
    unsubscribe = re.fullmatch(r"<(http://notify\.test/unsubscribe/[\w.\-]+)>", email["List-Unsubscribe"])
    assert unsubscribe and unsubscribe.group(1) in text and unsubscribe.group(1) in html
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sam_row = next(r for r in found if r.contributor_id == sam)
    assert email["Message-ID"].strip() == f"<{sam_row.notification_id}@heard.localhost>"
    assert email["Reply-To"] == partner_mail

    [easy] = s.mail_to(stack.sink, ali_mail)
    easy_text = easy.get_body(("plain",)).get_content()
    assert "We listened. We did not change anything because of this." in easy_text
    assert "font-size: 22px" in easy.get_body(("html",)).get_content()

    sent = s.wait_events(k, "notification-sent", decision_id, 2)
    assert sorted(e["payload"]["contributor_id"] for e in sent) == sorted([sam, ali])
    sam_event = next(e["payload"] for e in sent if e["payload"]["contributor_id"] == sam)
    assert sorted(sam_event["input_ids"]) == sorted([night, taxi])
    assert not any(sam_mail.encode() in value or ali_mail.encode() in value
                   for value in s.raw_values(k, "notification-sent"))

    # the same event delivered again, and the same decision event under a new event id: nothing new
    ev.republish(k, "decisions", "outcome-published", published)
    again = ev.outcome_published(k, decision_id, board_id, published["payload"]["links"])
    wait_for(lambda: _processed(stack.runtime, again["event_id"]), message="re-sent event consumed")
    assert len(s.rows(stack.runtime, decision_id)) == 2
    assert len(s.mail_to(stack.sink, sam_mail)) == 1 and len(s.mail_to(stack.sink, ali_mail)) == 1


def test_a_revision_is_a_new_event_and_says_why_it_changed(stack):
    k = stack.bootstrap
    sam_mail = ev.address("sam")
    partner_id = ev.partner(k, ev.address("partner"))
    sam = ev.contributor(k, partner_id, sam_mail)
    night = ev.input_submitted(k, partner_id, sam, "There is nowhere to go at night.")
    s.wait_known(stack.runtime, [partner_id, sam], [night])
    decision_id, board_id = ev.new_id(), ev.new_id()
    links = [ev.link(night, sam, partner_id, "adapted", "The café opens 10pm to 6am.")]
    ev.outcome_published(k, decision_id, board_id, links)
    s.wait_statuses(stack.runtime, decision_id, 1)

    ev.publish(k, "decisions", "outcome-revised", {
        **ev.decision_facts(decision_id, board_id), "revision": 2, "reason": "The hours changed.",
        "revised_at": utcnow(), "changed_input_ids": [night],
        "links": [ev.link(night, sam, partner_id, "adopted", "The café opens 8pm to 8am.")]})
    found = s.wait_statuses(stack.runtime, decision_id, 2)
    assert sorted(r.trigger_ref for r in found) == ["revision-1", "revision-2"]
    first, second = sorted(s.mail_to(stack.sink, sam_mail), key=lambda m: m["Subject"])
    assert first["Subject"].startswith("An update on what happened to your views")
    text = first.get_body(("plain",)).get_content()
    assert "Why it changed: The hours changed." in text and "(This part has changed.)" in text
    assert first["Message-ID"] != second["Message-ID"]


def _processed(runtime, event_id: str) -> bool:
    inbox = metadata.tables["inbox"]
    with runtime.engine.connect() as conn:
        return conn.execute(select(inbox.c.event_id).where(inbox.c.event_id == event_id)).first() is not None
