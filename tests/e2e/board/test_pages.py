"""Every page type of the workspace in headless Chromium: what it shows, no axe-core violation of
any impact, one h1, usable with JavaScript off, and a screenshot under test-artifacts/screenshots/."""
from __future__ import annotations

import uuid

import pytest

from tests.e2e.board import record as r
from tests.e2e.board.conftest import assert_axe_clean, sign_in

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def site(pages_site):
    pages_site.record = r.build(pages_site)
    return pages_site


def _submit_wrong_key(page):
    page.get_by_label("Board key").fill("hk_this-is-not-a-key")
    page.get_by_role("button", name="Sign in").click()


def _link_nothing(page):
    page.get_by_role("button", name="Link selected input").click()


def _empty_draft(page):
    page.get_by_label("Decided on").fill("")
    page.get_by_role("button", name="Save draft").click()


def _publish(page):
    page.get_by_role("button", name="Publish and tell").click()


def _forge_token(page):
    page.locator("form[action$='/new'] input[name=csrf_token]").evaluate("e => { e.value = 'forged'; }")
    page.get_by_role("button", name="Save draft").click()


def pages(rec: r.Record) -> dict:
    """page type -> (path, action that makes the page from it or None, status, text it shows)."""
    draft, blocked, published = rec.draft_id, rec.blocked_id, rec.published_id
    calm = rec.inputs.get("calm", "")
    return {
        "sign-in": ("/board/sign-in", None, 200, "Board key"),
        "sign-in-error": ("/board/sign-in", _submit_wrong_key, 400, "This key is not one Heard knows"),
        "dashboard": ("/board/", None, 200, "Your accountability figures"),
        "queue": ("/board/queue", None, 200, "pieces of input match"),
        "queue-filtered": ("/board/queue?q=night&older_than=15", None, 200, "2 pieces of input match"),
        "queue-error": ("/board/queue", _link_nothing, 400, "Select at least one piece of input"),
        "input": (f"/board/inputs/{calm}", None, 200, "May it be quoted?"),
        "decisions": ("/board/decisions", None, 200, "Peer supporters on every night shift"),
        "new-draft": ("/board/decisions/new", None, 200, "New draft decision"),
        "new-draft-error": ("/board/decisions/new", _empty_draft, 400, "Enter the title"),
        "draft": (f"/board/decisions/{draft}", None, 200, "Draft: not public"),
        "edit": (f"/board/decisions/{draft}/edit", None, 200, "Edit the draft"),
        "delete": (f"/board/decisions/{draft}/delete", None, 200, "Delete the draft"),
        "link": (f"/board/decisions/{draft}/links/{calm}", None, 200, "Change how"),
        "preview": (f"/board/decisions/{draft}/preview", None, 200, "1 person will be told by email"),
        "email-html": (f"/board/decisions/{draft}/preview/easy_read.html", None, 200, "We are opening a café"),
        "publish": (f"/board/decisions/{draft}/publish", None, 200, "Publish and tell 1 person"),
        "publish-blocked": (f"/board/decisions/{blocked}/publish", _publish, 400,
                            "The input “I was turned away twice” has been withdrawn"),
        "published": (f"/board/decisions/{published}", None, 200, "Recruiting peer supporters."),
        "progress": (f"/board/decisions/{published}/progress", None, 200, "Who will be emailed again"),
        "revise": (f"/board/decisions/{published}/revise", None, 200, "Why the record changes"),
        "not-found": (f"/board/decisions/{uuid.uuid4()}", None, 404, "Page not found"),
        "refused": ("/board/decisions/new", _forge_token, 400, "This form could not be accepted"),
    }


PAGE_TYPES = list(pages(r.Record()))


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_each_page_type_is_complete_and_axe_clean(site, browser, page_type):
    path, action, status, text = pages(site.record)[page_type]
    signed_in = not page_type.startswith("sign-in")
    if signed_in:
        page = sign_in(browser, site.url, site.key)
        response = page.goto(site.url + path)
    else:
        page = browser.open(site.url + path)
        response = None
    if action is not None:
        with page.expect_response(lambda res: res.request.method == "POST") as posted:
            action(page)
        response = posted.value
        page.wait_for_load_state()
    if response is not None:
        assert response.status == status, (page_type, response.status)

    root = "main" if page.locator("main").count() else "body"
    assert text in page.inner_text(root), f"{text!r} missing from the {page_type} page"
    assert page.locator("h1").count() == 1
    assert page.get_attribute("html", "lang") in ("en", "en-GB")
    browser.screenshot(page, f"board-{page_type}")
    assert_axe_clean(browser, page, f"the workspace's {page_type} page")


def test_pages_need_no_javascript(site, browser):
    page = sign_in(browser, site.url, site.key, javascript=False)
    for page_type, (path, action, status, text) in pages(site.record).items():
        if action is not None or page_type.startswith("sign-in"):
            continue
        response = page.goto(site.url + path)
        assert response.status == status, page_type
        assert text in page.inner_text("main" if page.locator("main").count() else "body"), page_type


def test_a_board_member_sees_no_contact_details_or_contributor_ids(site, browser):
    from sqlalchemy import select

    from services.decisions.adapters.orm import inputs

    with site.runtime.engine.connect() as conn:
        contributors = [str(c) for c in conn.execute(select(inputs.c.contributor_id)).scalars() if c]
    page = sign_in(browser, site.url, site.key)
    for page_type, (path, action, _status, _text) in pages(site.record).items():
        if action is None and not page_type.startswith("sign-in"):
            page.goto(site.url + path)
            html = page.content()
            assert "@" not in page.inner_text("body"), page_type
            assert not [c for c in contributors if c in html], page_type
