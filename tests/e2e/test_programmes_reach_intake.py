"""A programme registered on decisions reaches intake over the real broker: intake then takes
input for it, refuses a typo with the near match, and refuses input once it is closed."""
from __future__ import annotations

import contextlib
import uuid
from datetime import date, timedelta

import pytest

from services.common.auth.store import issue_key
from services.decisions.entrypoints.api import create_app as decisions_app
from services.intake.entrypoints.api import create_app as intake_app
from tests.support.databases import fresh_database
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker

PROGRAMMES_TOPIC = "decisions.programmes.v1"


@pytest.fixture(params=["sqlite", "postgresql"])
def services(request, tmp_path, kafka_bootstrap):
    with contextlib.ExitStack() as stack:
        runtimes = {s: make_runtime(s, stack.enter_context(fresh_database(request, request.param, tmp_path, s)),
                                    kafka_bootstrap) for s in ("intake", "decisions")}
        stack.enter_context(running_worker("intake", runtimes["intake"]))
        stack.enter_context(running_worker("decisions", runtimes["decisions"]))
        yield runtimes, intake_app(runtime=runtimes["intake"]).test_client(), \
            decisions_app(runtime=runtimes["decisions"]).test_client()


def known_to_intake(intake) -> list[dict]:
    """Every page: the suite's shared broker carries other tests' programmes, listed first."""
    items, cursor = [], None
    while True:
        page = intake.get("/v1/programmes", query_string={"limit": 100, **(
            {"cursor": cursor} if cursor else {})}).json
        items += page["items"]
        if not (cursor := page["next_cursor"]):
            return items


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def admin_and_partner(runtimes, intake) -> tuple[dict, dict]:
    """Headers for an admin key (issued by intake) and for a new partner's key."""
    with runtimes["intake"].uow_factory() as uow:
        admin = auth(issue_key(uow, role="admin", label="e2e")[0].secret)
        uow.commit()
    partner = intake.post("/v1/partners", headers=admin, json={
        "name": "Northtown Peer Support", "contact_email": "team@northtown.example"}).json
    return admin, auth(intake.post("/v1/keys", headers=admin, json={
        "role": "partner", "partner_id": partner["partner_id"]}).json["key"])


def registered(decisions, intake, admin: dict, name: str) -> dict:
    """Register the programme on decisions once intake's admin key has reached it, then wait until
    intake knows the programme: only the announcement through the broker tells it."""
    made = wait_for(lambda: (r := decisions.post("/v1/programmes", headers=admin, json={"name": name}))
                    .status_code == 201 and r.json, timeout=120, message="admin key reaching decisions")
    wait_for(lambda: name in [p["name"] for p in known_to_intake(intake)],
             timeout=120, message="the programme reaching intake")
    return made


def test_a_registered_programme_reaches_intake_which_then_takes_its_input_only(services):
    runtimes, intake, decisions = services
    admin, partner_key = admin_and_partner(runtimes, intake)
    name = f"Adult crisis care {uuid.uuid4().hex[:6]}"
    body = {"programme": name, "topics": ["nights"], "summary": "At 3am the only place open was A&E.",
            "engagement_method": "workshop", "participation_level": "consultation",
            "gathered_on": (date.today() - timedelta(days=3)).isoformat()}

    made = registered(decisions, intake, admin, name)
    accepted = intake.post("/v1/inputs", headers=partner_key, json=body)
    assert accepted.status_code == 201, accepted.json

    typo = intake.post("/v1/inputs", headers=partner_key, json={**body, "programme": name.replace(" care", "  car")})
    assert typo.status_code == 422
    assert repr(name) in typo.json["errors"]["programme"][0]

    closed = decisions.patch(f"/v1/programmes/{made['programme_id']}", headers=admin, json={"status": "closed"})
    assert closed.status_code == 200, closed.json
    wait_for(lambda: [p["status"] for p in known_to_intake(intake) if p["name"] == name]
             == ["closed"], timeout=120, message="the closing reaching intake")
    refused = intake.post("/v1/inputs", headers=partner_key, json=body)
    assert refused.status_code == 422 and "closed" in refused.json["errors"]["programme"][0]

    ready = wait_for(lambda: (r := intake.get("/readyz").json)["worker"] and r, timeout=30,
                     message="intake's worker reporting")
    assert PROGRAMMES_TOPIC in ready["worker"]["catch_up_lag"]


def test_a_programmes_stage_of_shared_decisions_reaching_intake_lets_co_production_through(services):
    runtimes, intake, decisions = services
    admin, partner_key = admin_and_partner(runtimes, intake)
    name = f"Co-produced crisis care {uuid.uuid4().hex[:6]}"
    body = {"programme": name, "topics": ["nights"], "summary": "We chose the night service together.",
            "engagement_method": "co_design_session", "participation_level": "co-production",
            "gathered_on": (date.today() - timedelta(days=3)).isoformat()}
    made = registered(decisions, intake, admin, name)
    refused = intake.post("/v1/inputs", headers=partner_key, json=body)
    assert refused.status_code == 422 and "participation_level" in refused.json["errors"], refused.json

    named = decisions.patch(f"/v1/programmes/{made['programme_id']}", headers=admin,
                            json={"shared_decision_stage": "choosing_providers"})
    assert named.status_code == 200, named.json
    wait_for(lambda: [p["shared_decision_stage"] for p in known_to_intake(intake) if p["name"] == name]
             == ["choosing_providers"], timeout=120, message="the programme's stage reaching intake")
    accepted = intake.post("/v1/inputs", headers=partner_key, json=body)
    assert accepted.status_code == 201, accepted.json
    assert accepted.json["shared_decision_stage"] == "choosing_providers"
