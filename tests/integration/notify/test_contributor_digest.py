"""A contributor who chose a daily digest gets the day's news in one email, grouped by
decision; each notification it carries is recorded as sent, with its own event. Going back to
one email per update sends what was still held at once."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.entrypoints.delivery_loop import build_delivery_loop
from services.notify.service_layer.digests import plan_contributor_digests
from tests.integration.notify import events as ev
from tests.integration.notify import support as s
from tests.support.polling import wait_for


def held(runtime, decision_id: str, contributor_id: str) -> list:
    return [r for r in s.rows(runtime, decision_id)
            if r.contributor_id == contributor_id and r.status == "held"]


def test_a_daily_digest_groups_the_days_news_and_closes_each_loop(stack):
    k, runtime, sink = stack.bootstrap, stack.runtime, stack.sink
    partner_id = ev.partner(k, ev.address("partner"), name="Northtown Mind")
    sam_mail, kim_mail = ev.address("sam"), ev.address("kim")
    sam = ev.contributor(k, partner_id, sam_mail, accessible_format="easy_read",
                         email_frequency="daily_digest")
    kim = ev.contributor(k, partner_id, kim_mail, name="Kim")
    sam_cafe = ev.input_submitted(k, partner_id, sam, "I wanted somewhere calm to go at night.")
    sam_bus = ev.input_submitted(k, partner_id, sam, "The last bus leaves too early.")
    kim_cafe = ev.input_submitted(k, partner_id, kim, "A&E was the only place open.")
    s.wait_known(runtime, [partner_id, sam, kim], [sam_cafe, sam_bus, kim_cafe])

    cafe, buses, board = ev.new_id(), ev.new_id(), ev.new_id()
    cafe_links = [ev.link(sam_cafe, sam, partner_id, "adopted", "The café opens at 8pm."),
                  ev.link(kim_cafe, kim, partner_id, "adopted", "The café opens at 8pm.")]
    ev.outcome_published(k, cafe, board, cafe_links)
    ev.progress_updated(k, cafe, board, cafe_links)
    ev.outcome_published(k, buses, board, [
        ev.link(sam_bus, sam, partner_id, "not_adopted", "The bus contract runs until 2029.")],
        title="Keep the bus timetable")

    # Kim hears about each update as it comes; Sam's news is held for the digest
    wait_for(lambda: len(s.mail_to(sink, kim_mail)) == 2, message="Kim's two emails")
    wait_for(lambda: len(held(runtime, cafe, sam)) == 2 and len(held(runtime, buses, sam)) == 1,
             message="Sam's three notifications held")
    assert s.mail_to(sink, sam_mail) == []

    hour = runtime.settings.mail.digest_hour
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=hour, minute=5)
    with runtime.uow_factory() as uow:
        assert plan_contributor_digests(uow, tomorrow.replace(hour=hour - 1), hour) == []
    # the worker's own delivery loop, but living at tomorrow's digest time: it plans, then sends
    loop = build_delivery_loop(runtime, UnsubscribeTokens(runtime.settings.mail.unsubscribe_secret))
    loop.clock = lambda: tomorrow
    try:
        assert loop.tick()
    finally:
        loop.mailer.close()
    with runtime.uow_factory() as uow:
        assert plan_contributor_digests(uow, tomorrow + timedelta(hours=2), hour) == []  # once a day

    [digest] = wait_for(lambda: s.mail_to(sink, sam_mail), message="Sam's digest")
    assert digest["Subject"].startswith("Your news for ")  # easy read
    text = " ".join(digest.get_body(("plain",)).get_content().split())
    for words in ("Open a 24-hour crisis café", "Keep the bus timetable", "The work has started.",
                  "I wanted somewhere calm to go at night.", "The last bus leaves too early.",
                  "No. We did not do this.", "The bus contract runs until 2029."):
        assert words in text, words
    assert "A&E was the only place open." not in text, "only Sam's own input"
    assert text.count("/outcome/") >= 2, "an outcome page link per decision"
    assert "font-size: 22px" in digest.get_body(("html",)).get_content()

    for decision_id, count, people in ((cafe, 4, {sam, kim}), (buses, 1, {sam})):
        settled = s.wait_statuses(runtime, decision_id, count, statuses=("sent",))
        assert {r.contributor_id for r in settled} == people
    sent = s.wait_events(k, "notification-sent", buses, 1)
    assert [e["payload"]["contributor_id"] for e in sent] == [sam]
    assert len(s.mail_to(sink, sam_mail)) == 1, "one email for three updates"

    # news held again, then Sam goes back to one email per update: it goes at once
    ev.progress_updated(k, buses, board, [
        ev.link(sam_bus, sam, partner_id, "not_adopted", "The bus contract runs until 2029.")])
    wait_for(lambda: held(runtime, buses, sam), message="the new update held")
    ev.contributor(k, partner_id, sam_mail, accessible_format="easy_read", contact_id=sam)
    wait_for(lambda: len(s.mail_to(sink, sam_mail)) == 2, message="the released update sent")
    assert "News about the decision" in s.mail_to(sink, sam_mail)[1]["Subject"]


def test_final_outcome_news_waits_for_the_end_not_for_the_daily_digest(stack):
    k, runtime, sink = stack.bootstrap, stack.runtime, stack.sink
    partner_id = ev.partner(k, ev.address("partner"))
    sam_mail = ev.address("sam")
    sam = ev.contributor(k, partner_id, sam_mail, email_frequency="final_outcome")
    cafe_input = ev.input_submitted(k, partner_id, sam, "I wanted somewhere calm to go at night.")
    s.wait_known(runtime, [partner_id, sam], [cafe_input])
    cafe, board = ev.new_id(), ev.new_id()
    links = [ev.link(cafe_input, sam, partner_id, "adopted", "The café opens at 8pm.")]
    ev.outcome_published(k, cafe, board, links)
    ev.progress_updated(k, cafe, board, links)
    wait_for(lambda: len(held(runtime, cafe, sam)) == 2, message="Sam's two updates held")

    hour = runtime.settings.mail.digest_hour
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).replace(hour=hour, minute=5)
    with runtime.uow_factory() as uow:
        assert plan_contributor_digests(uow, tomorrow, hour) == [], "no digest for a final-only chooser"
    assert len(held(runtime, cafe, sam)) == 2 and s.mail_to(sink, sam_mail) == []

    ev.publish(k, "decisions", "progress-updated", {
        **ev.decision_facts(cafe, board), "entry_id": ev.new_id(), "status": "stopped",
        "previous_status": "in_progress", "percent": 60, "note": "The building was sold.",
        "recorded_at": datetime.now(UTC), "links": links})
    [final] = wait_for(lambda: s.mail_to(sink, sam_mail), message="the final email")
    assert "The building was sold." in " ".join(final.get_body(("plain",)).get_content().split())
    settled = s.wait_statuses(runtime, cafe, 3, statuses=("sent",))
    assert {r.contributor_id for r in settled} == {sam}
    assert len(s.wait_events(k, "notification-sent", cafe, 3)) == 3, "one event per notification"
    assert len(s.mail_to(sink, sam_mail)) == 1
