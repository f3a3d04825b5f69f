"""The contributor's outcome page and answer back, through notify's real app and database: a
signed link, GET shows and POST records, one answer per person per decision, an event out."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from services.common.db.types import utcnow
from services.notify.adapters.tokens import OutcomeTokens
from services.notify.entrypoints.api import create_app
from services.notify.service_layer.outcomes import record_notifications
from tests.integration.notify.events import new_id
from tests.integration.notify.support import FAST_DELIVERY
from tests.support.services import make_runtime

ANSWERED = "notify.outcome-answered.v1"


@pytest.fixture
def api(database_url):
    runtime = make_runtime("notify", database_url, "127.0.0.1:9", **FAST_DELIVERY)  # no broker needed
    yield runtime, create_app(runtime=runtime).test_client()
    runtime.engine.dispose()


def answered(runtime) -> list[dict]:
    outbox = runtime.outbox_table
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.value).where(outbox.c.topic == ANSWERED)
                            .order_by(outbox.c.id)).all()
    return [json.loads(r.value)["payload"] for r in rows]


def test_the_outcome_page_shows_the_record_and_takes_one_changeable_answer(api):
    runtime, client = api
    person, other, decision_id, board, partner, input_id = (new_id() for _ in range(6))
    with runtime.uow_factory() as uow:
        uow.inputs.save(input_id, partner, person, "Nowhere to go at night except A&E.", utcnow())
        facts = {"decision_id": decision_id, "board_id": board, "board_name": "Crisis Board",
                 "programme": "Crisis care", "title": "Open a night cafe",
                 "summary": "A cafe open 8pm to 8am.", "rationale": "A&E is wrong at 3am.",
                 "decided_on": date(2027, 3, 10), "public_url": "http://decisions.test/d"}
        record_notifications(uow, "outcome-published", {
            **facts, "revision": 1, "published_at": datetime.now(UTC), "no_input_considered": False,
            "links": [{"input_id": input_id, "contributor_id": person, "partner_id": partner,
                       "influence": "adapted", "explanation": "The cafe opens four nights a week."}]},
            lambda address: address, utcnow())
        record_notifications(uow, "progress-updated", {
            **facts, "entry_id": new_id(), "status": "in_progress", "previous_status": "planned",
            "percent": 40, "note": "Staff are being trained.", "recorded_at": datetime.now(UTC),
            "links": [{"input_id": input_id, "contributor_id": person, "partner_id": partner,
                       "influence": "adapted", "explanation": "The cafe opens four nights a week."}]},
            lambda address: address, utcnow())
        uow.commit()
    tokens = OutcomeTokens.for_settings(runtime.settings.mail)
    url = f"/outcome/{tokens.token_for(person, decision_id)}"

    page = client.get(url)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = " ".join(page.get_data(as_text=True).split())
    for shown in ("Nowhere to go at night except A&amp;E.", "Open a night cafe",
                  "The cafe opens four nights a week.", "Staff are being trained.", "(40%)"):
        assert shown in text, shown

    confirm = client.get(f"{url}/answer/partly")
    assert confirm.status_code == 200 and 'value="partly"' in confirm.get_data(as_text=True)
    assert answered(runtime) == [], "opening a link (a mail scanner) records nothing"

    refused = client.post(url, data={"answer": "no", "comment": "Ring me on 07700 900123 please."})
    assert refused.status_code == 422 and "phone number" in refused.get_data(as_text=True)
    assert answered(runtime) == []

    assert client.post(url, data={"answer": "partly"}).status_code == 200
    saved = client.post(url, data={"answer": "no", "comment": "When will it open on Sundays?"})
    assert saved.status_code == 200 and "Your answer is saved" in saved.get_data(as_text=True)
    first, second = answered(runtime)
    assert (first["answer"], first["comment"]) == ("partly", None)
    assert {k: second[k] for k in ("decision_id", "board_id", "partner_id", "contributor_id",
                                   "answer", "comment")} == {
        "decision_id": decision_id, "board_id": board, "partner_id": partner,
        "contributor_id": person, "answer": "no", "comment": "When will it open on Sundays?"}
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(runtime.metadata.tables["outcome_answers"])).all()
    assert [(r.answer, r.comment) for r in rows] == [("no", "When will it open on Sundays?")], \
        "one answer per person per decision, the latest"

    assert client.get(url[:-3] + "xyz").status_code == 400, "a changed token"
    assert client.get(f"/outcome/{tokens.token_for(other, decision_id)}").status_code == 404
    assert client.post(f"{url}x", data={"answer": "yes"}).status_code == 400


def test_an_outcome_link_expires_after_a_year_and_is_not_an_unsubscribe_token():
    from services.notify.adapters.tokens import UnsubscribeTokens

    tokens = OutcomeTokens("secret")
    token = tokens.token_for("c", "d")
    assert tokens.read(token) == ("c", "d")
    assert tokens.read(token, max_age=-1) is None, "older than the allowed age"
    assert UnsubscribeTokens("secret").address_hash_in(token) is None
    assert OutcomeTokens("another secret").read(token) is None
