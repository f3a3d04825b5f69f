"""Headless Chromium for tests of server-rendered pages: open, screenshot, axe-core audit.

Playwright drives Debian's Chromium (`/usr/bin/chromium`, installed by
deploy/dev/ensure-chromium.sh); no browser is downloaded. axe-core comes from npm
(`make test-deps` runs `npm ci`). With CI=true a test that needs either fails when it is
missing; elsewhere it is skipped with the reason, like the broker and PostgreSQL fixtures.

Use the fixtures by importing them into a conftest.py:

    from tests.support.browser import browser, chromium  # noqa: F401 - pytest fixtures

    def test_decision_page(browser, site_url):
        page = browser.open(f"{site_url}/decisions/42")
        browser.screenshot(page, "decision")
        assert_no_serious_violations(browser.axe(page), where=page.url)
"""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser as PlaywrightBrowser, BrowserContext, Page

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
# WCAG 2.0, 2.1 and 2.2 levels A and AA, plus axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
SERIOUS_OR_WORSE = frozenset({"serious", "critical"})
# Without the background-networking flags Chromium keeps calling home, which this closed
# network refuses. Playwright adds --headless and a fresh temporary --user-data-dir itself.
LAUNCH_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync")
TIMEOUT_MS = 15_000
IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str):
    """Same convention as tests/conftest.py: fail under CI=true, skip elsewhere."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required)", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class Violation:
    """One axe rule that failed, with the CSS selectors of the elements that failed it."""
    rule_id: str
    impact: str | None
    help: str
    help_url: str
    targets: tuple[str, ...]

    @classmethod
    def from_axe(cls, raw: dict) -> Violation:
        # A target is a list of selectors; nested lists step into shadow roots.
        targets = tuple(" >>> ".join(part if isinstance(part, str) else " >> ".join(part)
                                     for part in node["target"]) for node in raw["nodes"])
        return cls(raw["id"], raw.get("impact"), raw["help"], raw["helpUrl"], targets)


def serious_or_worse(violations: Iterable[Violation]) -> list[Violation]:
    return [v for v in violations if v.impact in SERIOUS_OR_WORSE]


def describe_violations(violations: Sequence[Violation], max_targets: int = 3) -> str:
    lines = []
    for v in violations:
        more = len(v.targets) - max_targets
        shown = ", ".join(v.targets[:max_targets]) + (f" (+{more} more)" if more > 0 else "")
        lines.append(f"- {v.rule_id} ({v.impact}): {v.help}\n    {v.help_url}\n    nodes: {shown}")
    return "\n".join(lines)


def assert_no_serious_violations(violations: Iterable[Violation], where: str = "the page") -> None:
    serious = serious_or_worse(violations)
    assert not serious, (f"{len(serious)} serious or critical accessibility violation(s) on "
                         f"{where}:\n{describe_violations(serious)}")


class Browser:
    """One test's view of the shared Chromium: a JavaScript context and a no-JavaScript one."""

    def __init__(self, chromium: PlaywrightBrowser, test_name: str) -> None:
        self._chromium = chromium
        self._test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name).strip("_")
        self._contexts: dict[bool, BrowserContext] = {}

    def open(self, url: str, *, javascript: bool = True, expect_status: int | None = 200,
             headers: dict[str, str] | None = None) -> Page:
        """A new tab showing `url`, loaded; fails when the final response has another status.
        `headers` go with every request of that tab (e.g. Authorization)."""
        page = self._context(javascript).new_page()
        if headers:
            page.set_extra_http_headers(headers)
        response = page.goto(url, wait_until="load")
        if expect_status is not None:
            status = response.status if response else None
            assert status == expect_status, f"GET {url} answered {status}, expected {expect_status}"
        return page

    def screenshot(self, page: Page, page_type: str) -> Path:
        """Full-page PNG at test-artifacts/screenshots/<test>--<page type>.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{self._test_name}--{re.sub(r'[^A-Za-z0-9_.-]+', '_', page_type)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def axe(self, page: Page, tags: Sequence[str] = AXE_TAGS) -> list[Violation]:
        """axe-core's violations for the page as it is now (all impacts; see serious_or_worse)."""
        if page.context is self._contexts.get(False):
            # evaluate() in a JavaScript-disabled context never settles; say so instead of hanging.
            raise ValueError("axe needs JavaScript: audit a page opened with javascript=True")
        if not AXE_SCRIPT.is_file():
            unavailable(f"axe-core is not installed at {AXE_SCRIPT} (run `make test-deps`)")
        # evaluate() is not subject to the page's Content-Security-Policy; a <script> tag would be.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
        raw = page.evaluate(
            """async (tags) => (await axe.run(document, {
                   runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})).violations""",
            list(tags))
        return [Violation.from_axe(v) for v in raw]

    def close(self) -> None:
        for context in self._contexts.values():
            context.close()
        self._contexts.clear()

    def _context(self, javascript: bool) -> BrowserContext:
        if javascript not in self._contexts:
            context = self._chromium.new_context(
                java_script_enabled=javascript, viewport={"width": 1280, "height": 800},
                locale="en-GB", color_scheme="light", reduced_motion="reduce")
            context.set_default_timeout(TIMEOUT_MS)
            self._contexts[javascript] = context
        return self._contexts[javascript]


@pytest.fixture(scope="session")
def chromium() -> Iterator[PlaywrightBrowser]:
    """One headless Chromium for the whole session (HEARD_CHROMIUM overrides its path)."""
    executable = os.environ.get("HEARD_CHROMIUM") or shutil.which("chromium")
    if not executable or not os.access(executable, os.X_OK):
        unavailable(f"Chromium not found at {executable or 'chromium on PATH'} "
                    "(run deploy/dev/ensure-chromium.sh)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (run `make install`)")
    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=list(LAUNCH_ARGS), timeout=60_000)
    except Exception as exc:  # noqa: BLE001 - reported as skip or failure
        playwright.stop()
        unavailable(f"Chromium at {executable} could not be started: {exc}")
    yield launched
    launched.close()
    playwright.stop()


@pytest.fixture
def browser(chromium: PlaywrightBrowser, request: pytest.FixtureRequest) -> Iterator[Browser]:
    harness = Browser(chromium, test_name=f"{request.node.path.stem}.{request.node.name}")
    yield harness
    harness.close()
