"""The board's whole job in headless Chromium against the real broker and the three real
services: sign in with the board key, filter the queue, select several inputs, link them,
preview the email, publish, find the email in the SMTP sink, then record progress and a revision.
"""
from __future__ import annotations

import contextlib
import uuid
from datetime import date, timedelta

import pytest

from services.common.auth.store import issue_key
from services.common.devstack.smtp_sink import SmtpSink
from services.intake.entrypoints.api import create_app as intake_app
from tests.e2e.board.conftest import assert_axe_clean, sign_in
from tests.e2e.site.conftest import LiveSite
from tests.support.databases import fresh_database
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker

pytestmark = [pytest.mark.browser, pytest.mark.broker]
EXPLANATION = "You asked for somewhere calm at night: the café opens at 8pm."


@pytest.fixture(params=["sqlite", "postgresql"])
def heard(request, kafka_bootstrap, tmp_path):
    sink = SmtpSink(tmp_path / "mail")
    sink.start()
    with contextlib.ExitStack() as stack:
        urls = {s: stack.enter_context(fresh_database(request, request.param, tmp_path, s))
                for s in ("intake", "decisions", "notify")}
        runtimes = {
            "intake": make_runtime("intake", urls["intake"], kafka_bootstrap),
            "decisions": make_runtime("decisions", urls["decisions"], kafka_bootstrap),
            "notify": make_runtime("notify", urls["notify"], kafka_bootstrap,
                                   HEARD_SMTP_PORT=str(sink.port)),
        }
        for service in ("intake", "decisions", "notify"):
            stack.enter_context(running_worker(service, runtimes[service]))
        live = stack.enter_context(LiveSite(runtimes["decisions"], kafka_bootstrap))
        yield {"runtimes": runtimes, "sink": sink, "live": live,
               "intake": intake_app(runtime=runtimes["intake"]).test_client()}
    sink.stop()


def created(response) -> dict:
    assert response.status_code == 201, response.json
    return response.json


def mail_to(sink, address: str) -> list:
    return [m for m in sink.messages() if any(a.addr_spec == address for a in m["To"].addresses)]


def test_a_board_member_goes_from_queue_to_told_in_a_browser(heard, browser):
    live, intake, sink = heard["live"], heard["intake"], heard["sink"]
    programme = f"Adult crisis care {uuid.uuid4().hex[:6]}"
    with heard["runtimes"]["intake"].uow_factory() as uow:
        admin = issue_key(uow, role="admin", label="e2e")[0].secret
        uow.commit()
    auth = {"Authorization": f"Bearer {admin}"}
    partner = created(intake.post("/v1/partners", headers=auth, json={
        "name": "Northtown Peer Support", "contact_email": "team@northtown.example"}))
    partner_auth = {"Authorization": "Bearer " + created(intake.post("/v1/keys", headers=auth, json={
        "role": "partner", "partner_id": partner["partner_id"]}))["key"]}
    programme_id = live.call("POST", "/v1/programmes", live.admin_key, {"name": programme})["programme_id"]
    board = live.call("POST", "/v1/boards", live.admin_key, {
        "name": f"Crisis Care Board {uuid.uuid4().hex[:6]}", "organisation": "Northtown ICB",
        "programme_ids": [programme_id]})
    wait_for(lambda: any(p["name"] == programme for p in intake.get(
        "/v1/programmes", query_string={"limit": 200}).json["items"]),
        timeout=120, message="the programme reaching intake")
    board_key = live.call("POST", "/v1/keys", live.admin_key,
                          {"role": "board", "board_id": board["board_id"]})["key"]

    address = f"sam.{uuid.uuid4().hex[:6]}@example.org"
    people = {
        "sam": {"email": address, "preferred_name": "Sam", "consent_method": "written",
                "consent": {"contact_about_outcomes": True, "quote_anonymously": True}},
        "alex": {"email": f"alex.{uuid.uuid4().hex[:6]}@example.org", "consent_method": "verbal",
                 "consent": {"contact_about_outcomes": False, "quote_anonymously": False}},
        "jo": {"consent_method": "verbal", "accessible_format": "easy_read",
               "consent": {"contact_about_outcomes": True, "quote_anonymously": True}},
    }
    ids = {name: created(intake.post("/v1/contributors", headers=partner_auth, json=body))["contributor_id"]
           for name, body in people.items()}

    def submit(summary, contributor_id=None):
        body = {"programme": programme, "topics": ["out of hours"], "summary": summary,
                "engagement_method": "workshop", "participation_level": "co-design",
                "gathered_on": (date.today() - timedelta(days=3)).isoformat()}
        if contributor_id:
            body["contributor_id"] = contributor_id
        return created(intake.post("/v1/inputs", headers=partner_auth, json=body))["input_id"]

    inputs = [submit("At night the only place open was A&E.", ids["sam"]),
              submit("Getting home at night costs too much.", ids["alex"]),
              submit("At night nobody answers the phone.", ids["jo"]),
              submit("Night staff who had been through it helped most.")]
    daytime = submit("Daytime appointments clash with work.", ids["sam"])
    wait_for(lambda: all(live.input_state(i) for i in [*inputs, daytime]), timeout=120,
             message="input reaching decisions' read model")

    # sign in with the board key and start a draft
    page = sign_in(browser, live.url, board_key)
    assert_axe_clean(browser, page, "the dashboard")
    page.get_by_role("link", name="New draft", exact=True).click()
    page.get_by_label("Programme").select_option(programme)
    page.get_by_label("Title").fill("Open a night-time crisis café")
    page.get_by_label("What was decided").fill("A café open 8pm to 8am, staffed with peer supporters.")
    page.get_by_label("Why it was decided").fill("People told us A&E is the wrong place at night.")
    page.get_by_role("button", name="Save draft").click()
    assert "Draft saved" in page.inner_text("main")

    # filter the queue, tick several inputs, link them in one step
    page.get_by_role("link", name="Queue", exact=True).click()
    page.get_by_label("Summary contains").fill("night")
    page.get_by_role("button", name="Apply filters").click()
    assert "4 pieces of input match" in page.inner_text("main")
    assert "Daytime appointments" not in page.inner_text("main")
    assert_axe_clean(browser, page, "the filtered queue")
    page.get_by_role("button", name="Select all on this page").click()
    page.get_by_label("Draft decision").select_option(label=f"Open a night-time crisis café ({programme})")
    page.get_by_label("Adopted: we did what you asked").check()
    page.get_by_label("Explanation for the people who gave this input").fill(EXPLANATION)
    page.get_by_role("button", name="Link selected input").click()
    assert "4 pieces of input linked." in page.inner_text("main")

    # preview: who is told and the email itself, by notify's templates
    page.get_by_role("link", name="Preview the emails").click()
    shown = page.inner_text("main")
    assert "1 person will be told by email" in shown
    assert "1 will not be emailed because they did not want to hear about outcomes" in shown
    assert "1 can be reached only through their partner" in shown
    assert "1 piece of input is anonymous" in shown
    assert_axe_clean(browser, page, "the email preview")
    assert EXPLANATION in page.inner_text("main")

    # publish, with the confirmation saying how many will be told
    page.get_by_role("link", name="Publish…").click()
    page.get_by_role("button", name="Publish and tell 1 person by email").click()
    assert "Published. 1 person will be emailed." in page.inner_text("main")

    mail = wait_for(lambda: mail_to(sink, address), timeout=60, message="the outcome email")
    text = mail[0].get_body(preferencelist=("plain",)).get_content()
    assert EXPLANATION in text and "At night the only place open was A&E." in text

    # progress, then a revision with a reason: each says who will be emailed again
    page.get_by_role("link", name="Record progress").click()
    assert "1 person will be emailed again" in page.inner_text("main")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("How far it has got (percent)").fill("20")
    page.get_by_label("What happened").fill("The lease on Mill Street is signed.")
    page.get_by_role("button", name="Record progress").click()
    assert "Progress recorded." in page.inner_text("main")
    page.get_by_role("link", name="Record a revision").click()
    page.get_by_label("Why the record changes").fill("Money came through for four nights only.")
    page.locator(f"#influence-{inputs[0]}").select_option("adapted")
    page.locator(f"#explanation-{inputs[0]}").fill("The café opens four nights a week for now.")
    page.get_by_role("button", name="Record the revision").click()
    assert "Revision recorded. 1 person will be emailed again." in page.inner_text("main")
    assert "Money came through for four nights only." in page.inner_text("main")

    wait_for(lambda: len(mail_to(sink, address)) >= 3, timeout=60,
             message="the progress and revision emails")
    subjects = " | ".join(m["Subject"] for m in mail_to(sink, address))
    assert len(mail_to(sink, address)) == 3, subjects
    assert not [m for m in sink.messages() if m["To"].addresses[0].addr_spec == people["alex"]["email"]]
