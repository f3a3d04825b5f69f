"""The board workspace served for real on a local port, and a board member driving it in
headless Chromium: helpers to sign in, and to check a page with axe-core (no violation of any
impact is allowed in the workspace)."""
from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.common.auth.store import issue_key
from services.decisions.service_layer import read_model
from services.decisions.service_layer.boards import register_board
from tests.e2e.site.conftest import LiveSite
from tests.support.browser import describe_violations
from tests.support.databases import fresh_database
from tests.support.services import make_runtime
from tests.support.programmes import programme_ids

CONSENTED = {"contact_about_outcomes": True, "has_email": True, "accessible_format": "standard"}


def assert_axe_clean(browser, page, where: str) -> None:
    violations = browser.axe(page)
    assert not violations, f"axe-core found on {where}:\n{describe_violations(violations)}"


def sign_in(browser, base_url: str, key: str, *, javascript: bool = True):
    page = browser.open(f"{base_url}/board/sign-in", javascript=javascript)
    page.get_by_label("Board key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/board/")
    return page


def board_with_key(runtime, programme: str) -> tuple[str, str, str]:
    covered = programme_ids(runtime.uow_factory, programme)
    with runtime.uow_factory() as uow:
        board = register_board(uow, name=f"Crisis Care Board {uuid.uuid4().hex[:6]}",
                               organisation="Northtown ICB", outcome_due_days=30,
                               programmes=covered)
    with runtime.uow_factory() as uow:
        new_key, record = issue_key(uow, role="board", board_id=board.board_id, label="browser")
        uow.commit()
    return board.board_id, new_key.secret, record["key_id"]


def add_input(runtime, programme: str, partner_id: str, summary: str, *, days_ago: int,
              consent: dict | None = CONSENTED, anonymous: bool = False) -> str:
    """Straight through the consumer's handlers: these tests are about the pages, not Kafka."""
    input_id, contributor_id = str(uuid.uuid4()), None if anonymous else str(uuid.uuid4())
    with runtime.uow_factory() as uow:
        read_model.input_submitted(uow, {
            "input_id": input_id, "partner_id": partner_id, "contributor_id": contributor_id,
            "programme": programme, "summary": summary, "body": f"In their words: {summary}",
            "engagement_method": "workshop", "participation_level": "co-design",
            "gathered_on": date.today() - timedelta(days=days_ago + 1),
            "submitted_at": datetime.now(UTC) - timedelta(days=days_ago),
            "quote_anonymously": True, "topics": ["night care"]})
        if contributor_id and consent:
            read_model.consent_changed(uow, {"contributor_id": contributor_id, "partner_id": partner_id,
                                             "quote_anonymously": True,
                                             "changed_at": datetime.now(UTC), **consent})
        uow.commit()
    return input_id


class PagesSite:
    """A workspace with a board, a partner and some input, for page-by-page browser tests."""

    def __init__(self, live: LiveSite):
        self.live, self.url, self.runtime = live, live.url, live.runtime
        self.programme = f"Crisis care {uuid.uuid4().hex[:6]}"
        self.partner_id = str(uuid.uuid4())
        self.board_id, self.key, self.key_id = board_with_key(self.runtime, self.programme)
        with self.runtime.uow_factory() as uow:
            read_model.partner_registered(uow, {"partner_id": self.partner_id,
                                                "name": "Northtown Peer Support",
                                                "registered_at": datetime.now(UTC)})
            uow.commit()

    def add_input(self, summary: str, days_ago: int = 10, **kwargs) -> str:
        return add_input(self.runtime, self.programme, self.partner_id, summary, days_ago=days_ago,
                         **kwargs)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def pages_site(request, tmp_path_factory):
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(fresh_database(request, request.param,
                                                 tmp_path_factory.mktemp("board"), "board"))
        runtime = make_runtime("decisions", url, "127.0.0.1:1")  # no worker: nothing is relayed
        live = stack.enter_context(LiveSite(runtime, "127.0.0.1:1"))
        yield PagesSite(live)
        runtime.engine.dispose()
