"""The browser harness itself, proven on a tiny static site these tests serve."""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import (SCREENSHOTS, Browser, assert_no_serious_violations,
                                   serious_or_worse)

pytestmark = pytest.mark.browser

SITE = Path(__file__).parent / "site"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class FixtureSiteHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # As strict as a server-rendered site should be: proves axe is injected despite a CSP.
        self.send_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # keep pytest's output clean


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    handler = functools.partial(FixtureSiteHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="fixture-site", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_an_accessible_page_has_no_serious_violations(browser: Browser, site_url: str) -> None:
    page = browser.open(f"{site_url}/accessible.html")

    violations = browser.axe(page)

    assert page.title() == "Accessible fixture page"
    assert serious_or_worse(violations) == []
    assert_no_serious_violations(violations, where=page.url)


def test_known_violations_are_reported_with_rule_impact_and_nodes(browser: Browser,
                                                                  site_url: str) -> None:
    page = browser.open(f"{site_url}/inaccessible.html")

    serious = {v.rule_id: v for v in serious_or_worse(browser.axe(page))}

    assert {"image-alt", "label", "color-contrast"} <= serious.keys()
    assert serious["image-alt"].impact == "critical"
    assert serious["image-alt"].targets == ("#no-alt",)
    assert serious["label"].targets == ("#unlabelled",)
    assert serious["color-contrast"].impact == "serious"
    assert serious["color-contrast"].targets == ("#faint",)
    with pytest.raises(AssertionError) as failure:
        assert_no_serious_violations(serious.values(), where=page.url)
    message = str(failure.value)
    assert "inaccessible.html" in message
    assert "- image-alt (critical): Images must have alternative text" in message
    assert "nodes: #unlabelled" in message
    assert "https://dequeuniversity.com/rules/axe/" in message


def test_a_screenshot_is_kept_per_test_and_page_type(browser: Browser, site_url: str) -> None:
    page = browser.open(f"{site_url}/accessible.html")

    path = browser.screenshot(page, "accessible page")

    assert path == SCREENSHOTS / ("test_harness.test_a_screenshot_is_kept_per_test_and_page_type"
                                  "--accessible_page.png")
    assert path.read_bytes()[:8] == PNG_SIGNATURE


def test_the_no_javascript_context_runs_no_scripts(browser: Browser, site_url: str) -> None:
    with_js = browser.open(f"{site_url}/scripted.html")
    without_js = browser.open(f"{site_url}/scripted.html", javascript=False)

    # The first assertion shows the script does run when allowed, so the second means something.
    assert with_js.inner_text("h1") == "Changed by JavaScript"
    assert without_js.inner_text("h1") == "Rendered by the server"
    with pytest.raises(ValueError, match="axe needs JavaScript"):
        browser.axe(without_js)


def test_an_unexpected_status_fails_the_open(browser: Browser, site_url: str) -> None:
    with pytest.raises(AssertionError, match="answered 404, expected 200"):
        browser.open(f"{site_url}/missing.html")

    page = browser.open(f"{site_url}/missing.html", expect_status=404)
    assert "404" in page.content()
