"""The pages of the loop's way back, in headless Chromium with axe-core (no violation of any
impact), after the real path on the real broker: a contributor's outcome page from the link in
their email, the answer form (its confirmation page, a refused comment, the thanks), all
working without JavaScript; and the partner's printable relay list, on screen and in print."""
from __future__ import annotations

import base64
import re
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from services.intake.entrypoints.api import create_app as intake_app
from services.notify.entrypoints.api import create_app as notify_app
from tests.e2e.api import auth, created, mail_to, partner_and_board
from tests.support.browser import describe_violations
from tests.support.live import served
from tests.support.polling import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.broker]


def assert_axe_clean(browser, page, where: str) -> None:
    violations = browser.axe(page)
    assert not violations, f"axe-core found on {where}:\n{describe_violations(violations)}"


def test_outcome_page_answer_form_and_relay_list_are_accessible(heard, browser):
    intake, decisions, sink = heard["intake"], heard["decisions"], heard["sink"]
    programme = f"Adult crisis care {uuid.uuid4().hex[:6]}"
    admin, partner_key, board, board_key = partner_and_board(heard, programme)
    consent = {"contact_about_outcomes": True, "quote_anonymously": True}
    address = f"sam.{uuid.uuid4().hex[:6]}@example.org"
    people = {"sam": {"email": address, "preferred_name": "Sam"}, "jo": {"preferred_name": "Jo"}}
    inputs = {}
    for name, details in people.items():
        contributor = created(intake.post("/v1/contributors", headers=auth(partner_key), json={
            **details, "consent_method": "verbal", "consent": consent}))["contributor_id"]
        inputs[name] = created(intake.post("/v1/inputs", headers=auth(partner_key), json={
            "programme": programme, "topics": ["night care"], "contributor_id": contributor,
            "summary": f"{details['preferred_name']}: at night the only place open was A&E.",
            "engagement_method": "workshop", "participation_level": "engagement",
            "gathered_on": (date.today() - timedelta(days=3)).isoformat()}))["input_id"]
    queue = f"/v1/queue?programme={programme}"
    wait_for(lambda: len(decisions.get(queue, headers=auth(board_key)).json["items"]) == 2,
             timeout=120, message="the input reaching the board's queue")
    decision_id = created(decisions.post("/v1/decisions", headers=auth(board_key), json={
        "programme": programme, "title": "Open a night-time crisis café",
        "summary": "A café open 8pm to 8am, staffed with peer supporters.",
        "rationale": "People told us A&E is the wrong place at night.",
        "decided_on": date.today().isoformat()}))["decision_id"]
    for input_id in inputs.values():
        created(decisions.post(f"/v1/decisions/{decision_id}/links", headers=auth(board_key), json={
            "input_id": input_id, "influence": "adopted",
            "explanation": "You asked for somewhere calm at night, so the café opens at 8pm."}))
    assert decisions.post(f"/v1/decisions/{decision_id}/publish", headers=auth(board_key),
                          json={}).status_code == 200
    [mail] = wait_for(lambda: mail_to(sink, address), timeout=90, message="Sam's outcome email")
    text = mail.get_body(preferencelist=("plain",)).get_content()
    answer_link = urlsplit(re.search(r"https?://\S+/answer/partly", text).group(0)).path
    outcome_page = answer_link.split("/answer/")[0]

    with served(notify_app(runtime=heard["runtimes"]["notify"])) as notify_url:
        page = browser.open(notify_url + outcome_page)
        assert "Sam: at night the only place open was A&E." in page.inner_text("main")
        assert_axe_clean(browser, page, "the outcome page")
        browser.screenshot(page, "outcome page")

        # from the email's one link per answer, without JavaScript: a page, a button, the thanks
        confirm = browser.open(notify_url + answer_link, javascript=False)
        confirm.get_by_role("button", name="Send my answer").click()
        assert "Your answer is saved" in confirm.inner_text("main")
        assert_axe_clean(browser, browser.open(notify_url + answer_link), "the answer confirmation")

        # the form on the page refuses contact details in the comment, and says so accessibly
        form = browser.open(notify_url + outcome_page, javascript=False)
        form.get_by_label("Partly").check()
        form.get_by_label(re.compile("A comment or a question")).fill("Ring me on 07700 900123 please.")
        form.get_by_role("button", name="Send my answer").click()
        assert form.get_by_role("alert").is_visible()
        refused = browser.open(notify_url + outcome_page)
        refused.get_by_label("Partly").check()
        refused.get_by_label(re.compile("A comment or a question")).fill("Ring me on 07700 900123 please.")
        refused.get_by_role("button", name="Send my answer").click()
        refused.wait_for_selector("[role=alert]")
        assert_axe_clean(browser, refused, "the answer form with a refused comment")
        refused.get_by_label(re.compile("A comment or a question")).fill("Will it open at weekends?")
        refused.get_by_role("button", name="Send my answer").click()
        refused.wait_for_selector("[role=status]")
        assert "Your answer so far: partly" in refused.inner_text("main")
        assert_axe_clean(browser, refused, "the outcome page after answering")

    # the partner's printable list: the browser sends the key as the password
    wait_for(lambda: intake.get("/v1/relays", headers=auth(partner_key)).json["items"], timeout=60,
             message="Jo on the relay list")
    credentials = {"Authorization": "Basic " + base64.b64encode(f"partner:{partner_key}".encode()).decode()}
    with served(intake_app(runtime=heard["runtimes"]["intake"])) as intake_url:
        plain = browser.open(f"{intake_url}/relays/print", javascript=False, headers=credentials)
        shown = plain.inner_text("main")
        assert "1. Jo" in shown and "Jo: at night the only place open was A&E." in shown
        assert "Sam" not in shown, "Sam was emailed"
        page = browser.open(f"{intake_url}/relays/print", headers=credentials)
        assert_axe_clean(browser, page, "the printable relay list")
        browser.screenshot(page, "relay list")
        page.emulate_media(media="print")
        assert not page.locator(".screen-only").first.is_visible()
        assert page.locator(".person").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
        assert_axe_clean(browser, page, "the relay list as printed")
        # without the key a browser would ask for it (headless Chromium cannot: see the
        # integration test tests/integration/intake/test_printable_relays.py for the 401)
