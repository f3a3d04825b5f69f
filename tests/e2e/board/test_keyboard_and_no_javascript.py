"""The path sign in -> filter -> select -> link -> preview -> publish -> progress, done twice in
headless Chromium: with the keyboard alone (key events only, and every stop visibly focused),
and with JavaScript switched off (plain forms)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.decisions.service_layer.decisions import record_decision
from tests.e2e.board.conftest import sign_in

pytestmark = [pytest.mark.browser]
FOCUS_SHOWN = """el => { const s = getComputedStyle(el);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
          && s.outlineColor !== 'rgba(0, 0, 0, 0)') || s.boxShadow !== 'none'; }"""


def tab_to(page, selector: str, text: str | None = None, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` (and containing `text`) has focus; it
    must show that it has."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("""([s, t]) => { const e = document.activeElement;
                return !!e && e.matches(s) && (!t || e.textContent.includes(t)); }""", [selector, text]):
            assert page.evaluate(f"() => ({FOCUS_SHOWN})(document.activeElement)"), \
                f"focus on {selector} is not visible"
            return
    raise AssertionError(f"Tab never reached {selector}")


def press_and_wait(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def new_draft(site, title: str) -> str:
    with site.runtime.uow_factory() as uow:
        return record_decision(uow, site.board_id, programme=site.programme, title=title,
                               summary="A café open at night.", rationale="People asked for it.",
                               decided_on=date.today() - timedelta(days=1)).decision_id


def test_the_whole_path_with_the_keyboard_alone(pages_site, browser):
    site = pages_site
    night = [site.add_input("Keyboard-night: somewhere calm", days_ago=40),
             site.add_input("Keyboard-night: the bus never comes", days_ago=20)]
    site.add_input("Keyboard-day: parking costs too much", days_ago=10)
    new_draft(site, "Keyboard café")

    page = browser.open(f"{site.url}/board/sign-in")
    tab_to(page, "#board_key")
    page.keyboard.type(site.key)
    press_and_wait(page)
    assert "Your accountability figures" in page.inner_text("main")

    tab_to(page, "nav a[href$='/board/queue']")
    press_and_wait(page)
    tab_to(page, "#q")
    page.keyboard.type("keyboard-NIGHT")
    press_and_wait(page)
    assert "2 pieces of input match" in page.inner_text("main")

    for input_id in night:
        tab_to(page, f"input[type=checkbox][value='{input_id}']")
        page.keyboard.press("Space")
    tab_to(page, "#decision_id")
    page.keyboard.press("ArrowDown")
    assert "Keyboard café" in page.evaluate("() => document.activeElement.selectedOptions[0].text")
    tab_to(page, "#influence")
    page.keyboard.press("Space")
    tab_to(page, "#explanation")
    page.keyboard.type("We are opening a café at night, as you asked.")
    tab_to(page, "button[type=submit]", "Link selected input")
    press_and_wait(page)
    assert "2 pieces of input linked." in page.inner_text("main")

    tab_to(page, "a", "Preview the emails")
    press_and_wait(page)
    assert "2 people will be told by email" in page.inner_text("main")
    tab_to(page, "a", "Publish…")
    press_and_wait(page)
    tab_to(page, "button", "Publish and tell 2 people by email")
    press_and_wait(page)
    assert "Published. 2 people will be emailed." in page.inner_text("main")

    tab_to(page, "a", "Record progress")
    press_and_wait(page)
    tab_to(page, "#status")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#percent")
    page.keyboard.type("10")
    tab_to(page, "#note")
    page.keyboard.type("Keyboard: a site has been found.")
    tab_to(page, "button", "Record progress")
    press_and_wait(page)
    shown = page.inner_text("main")
    assert "Progress recorded." in shown and "In progress" in shown and "Keyboard: a site has been found." in shown


def test_the_whole_path_with_javascript_off(pages_site, browser):
    site = pages_site
    ids = [site.add_input("No-script: nobody answers at night", days_ago=30),
           site.add_input("No-script: the night ward is loud", days_ago=25)]
    title = "No-script quiet ward"
    new_draft(site, title)

    page = sign_in(browser, site.url, site.key, javascript=False)
    page.get_by_role("link", name="Queue", exact=True).click()
    page.get_by_label("Summary contains").fill("No-script")
    page.get_by_role("button", name="Apply filters").click()
    assert page.get_by_role("button", name="Select all on this page").count() == 0  # no script ran
    for input_id in ids:
        page.locator(f"input[type=checkbox][value='{input_id}']").check()
    page.get_by_label("Draft decision").select_option(label=f"{title} ({site.programme})")
    page.get_by_label("Noted: it informed our discussion, without a specific change").check()
    page.get_by_label("Explanation for the people who gave this input").fill("This shaped the ward plan.")
    page.get_by_role("button", name="Link selected input").click()
    assert "2 pieces of input linked." in page.inner_text("main")
    page.get_by_role("link", name="Preview the emails").click()
    assert "This shaped the ward plan." in page.inner_text("main")  # the standard text is shown open
    page.get_by_role("link", name="Publish…").click()
    page.get_by_role("button", name="Publish and tell 2 people by email").click()
    assert "Published. 2 people will be emailed." in page.inner_text("main")
    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("Status").select_option("planned")
    page.get_by_label("How far it has got (percent)").fill("0")
    page.get_by_role("button", name="Record progress").click()
    assert "Progress recorded." in page.inner_text("main")
