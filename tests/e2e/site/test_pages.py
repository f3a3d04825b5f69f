"""Every page type in headless Chromium: its content, the same content with JavaScript off, no
serious or critical axe-core violation, and a screenshot kept under test-artifacts/screenshots/."""
from __future__ import annotations

import itertools

import pytest

from services.decisions.domain.slugs import programme_slug
from services.decisions.entrypoints.site.words import long_date
from tests.e2e.site import record as r
from tests.support.browser import assert_no_serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.broker]


def path_of(page_type: str, rec: r.Record) -> str:
    return {"home": "/", "programme": f"/programmes/{programme_slug(rec.programme)}",
            "board": f"/boards/{rec.board_slug}", "decision": f"/decisions/{rec.decision_id}",
            "data": "/data", "not-found": f"/decisions/{rec.draft_id}"}[page_type]


def expected_text(page_type: str, rec: r.Record) -> list[str]:
    decision = ["Open a night crisis café", long_date(rec.decided_on), rec.board_name,
                "Adapted: we did part of it, or did it differently", r.ADAPTED_EXPLANATION,
                r.PROGRESS_NOTE, r.QUOTED, "Not quoted: the person did not agree to be quoted"]
    return {
        "home": [rec.programme, rec.board_name, "Closed-loop rate", "Overdue input"],
        "programme": [*decision, "Closed-loop rate by month", "How the input cited in decisions "
                      "was used", "Participation level", "People told us A&E is the wrong place"],
        "board": [*decision, "Overdue input by how long past due", "Decisions published each month",
                  "Northtown Peer Support", "within 30 days"],
        "decision": [*decision, r.REVISION_REASON, "Revision 1", "Revision 2", "No longer cited",
                     "was Adopted, now Adapted", r.ADOPTED_EXPLANATION],
        "data": ["decisions.csv", "links.json", "no personal data", "quote"],
        "not-found": ["Page not found"],
    }[page_type]


PAGE_TYPES = ["home", "programme", "board", "decision", "data", "not-found"]


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_each_page_type_is_complete_accessible_and_needs_no_javascript(site, browser, page_type):
    rec = site.record
    status = 404 if page_type == "not-found" else 200
    page = browser.open(site.url + path_of(page_type, rec), expect_status=status)
    shown = page.inner_text("main")

    for text in expected_text(page_type, rec):
        assert text in shown, f"{text!r} missing from the {page_type} page"
    assert page.locator("h1").count() == 1
    assert page.get_attribute("html", "lang") == "en-GB"
    browser.screenshot(page, page_type)
    assert_no_serious_violations(browser.axe(page), where=f"the {page_type} page")

    without_js = browser.open(site.url + path_of(page_type, rec), javascript=False,
                              expect_status=status)
    assert without_js.inner_text("main") == shown


def test_headings_descend_one_level_at_a_time(site, browser):
    for page_type in PAGE_TYPES:
        page = browser.open(site.url + path_of(page_type, site.record),
                            expect_status=404 if page_type == "not-found" else 200)
        levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6",
                                           "hs => hs.map(h => Number(h.tagName[1]))")
        assert levels[0] == 1, page_type
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), (page_type, levels)


def test_charts_are_images_with_text_and_the_same_numbers_as_tables(site, browser):
    page = browser.open(site.url + path_of("board", site.record))
    charts = page.locator("svg[role=img]")

    assert charts.count() == 5
    for i in range(charts.count()):
        chart = charts.nth(i)
        title, desc = chart.locator("title").text_content(), chart.locator("desc").text_content()
        table = chart.locator("xpath=following-sibling::table[1]")
        assert title and desc.startswith(title)
        assert table.locator("caption").inner_text().startswith(title)
        assert table.locator("th[scope=col]").count() >= 2
        assert table.locator("tbody th[scope=row]").count() >= 1


def test_the_skip_link_is_first_and_moves_focus_to_the_main_content(site, browser):
    page = browser.open(site.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
