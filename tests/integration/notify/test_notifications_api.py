"""GET /v1/notifications: admin sees all, a board its own decisions, a partner nothing."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.common.auth.keys import generate_key
from services.common.auth.store import apply_key_event
from services.common.db.types import utcnow
from services.notify.entrypoints.api import create_app
from services.notify.service_layer.directory import apply_contact
from services.notify.service_layer.outcomes import record_notifications
from tests.integration.notify.events import new_id
from tests.integration.notify.support import FAST_DELIVERY
from tests.support.services import make_runtime


@pytest.fixture
def api(database_url):
    runtime = make_runtime("notify", database_url, "127.0.0.1:9", **FAST_DELIVERY)  # no broker needed
    yield runtime, create_app(runtime=runtime).test_client()
    runtime.engine.dispose()


def test_lists_per_contributor_and_decision_with_status_and_never_an_address(api):
    runtime, client = api
    board, other_board, partner = new_id(), new_id(), new_id()
    keys = {role: _key(runtime, role, partner_id=partner if role == "partner" else None,
                       board_id=board if role == "board" else None)
            for role in ("admin", "board", "partner")}
    with runtime.uow_factory() as uow:
        told, silent = new_id(), new_id()
        apply_contact(uow, _contact(told, partner, "told@example.org", consent=True))
        apply_contact(uow, _contact(silent, partner, "silent@example.org", consent=False))
        ours = _decision(uow, board, partner, [told, silent])
        theirs = _decision(uow, other_board, partner, [told])
        uow.commit()

    mine = client.get(f"/v1/notifications?decision_id={ours}", headers=keys["board"])
    assert mine.status_code == 200, mine.json
    items = {item["contributor_id"]: item for item in mine.json["items"]}
    assert set(items) == {told, silent}
    assert items[told]["status"] == "queued" and items[told]["reason"] is None
    assert (items[silent]["status"], items[silent]["reason"]) == ("suppressed", "no_consent")
    assert set(items[told]) == {"notification_id", "decision_id", "contributor_id", "trigger",
                                "trigger_ref", "status", "reason", "attempts", "created_at",
                                "sent_at", "last_attempt_at", "next_attempt_at"}
    assert "@" not in mine.get_data(as_text=True)
    assert mine.json["total"] == 2
    not_mine = client.get(f"/v1/notifications?decision_id={theirs}", headers=keys["board"]).json
    assert (not_mine["items"], not_mine["total"]) == ([], 0)  # another board's, not even counted

    admin = client.get("/v1/notifications?limit=2", headers=keys["admin"])
    assert len(admin.json["items"]) == 2 and admin.json["next_cursor"]
    rest = client.get(f"/v1/notifications?limit=2&cursor={admin.json['next_cursor']}", headers=keys["admin"])
    assert [i["decision_id"] for i in rest.json["items"]] == [theirs] and rest.json["next_cursor"] is None
    assert (admin.json["total"], rest.json["total"]) == (3, 3)
    suppressed = client.get("/v1/notifications?status=suppressed", headers=keys["admin"]).json
    assert [i["contributor_id"] for i in suppressed["items"]] == [silent] and suppressed["total"] == 1

    assert client.get("/v1/notifications", headers=keys["partner"]).status_code == 403
    assert client.get("/v1/notifications").status_code == 401
    for query, field in (("status=lost", "status"), ("decision_id=nope", "decision_id"),
                         ("cursor=bm9wZQ", "cursor"), ("colour=red", "colour")):
        response = client.get(f"/v1/notifications?{query}", headers=keys["admin"])
        assert response.status_code == 422 and field in response.json["errors"], query


def _key(runtime, role: str, partner_id=None, board_id=None) -> dict:
    key = generate_key()
    with runtime.engine.begin() as conn:
        apply_key_event(conn, runtime.api_keys_table, {
            "key_id": key.key_id, "key_hash": key.key_hash, "role": role, "partner_id": partner_id,
            "board_id": board_id, "label": "test", "created_at": utcnow(), "revoked_at": None},
            "decisions" if role == "board" else "intake")  # who may grant each role
    return {"Authorization": f"Bearer {key.secret}"}


def _contact(contact_id: str, partner_id: str, email: str, consent: bool) -> dict:
    return {"contact_id": contact_id, "kind": "contributor", "partner_id": partner_id,
            "email": email, "preferred_name": "Sam", "contact_about_outcomes": consent,
            "daily_digest": False, "language": "en", "accessible_format": "standard",
            "updated_at": utcnow()}


def _decision(uow, board_id: str, partner_id: str, contributors: list[str]) -> str:
    decision_id = new_id()
    record_notifications(uow, "outcome-published", {
        "decision_id": decision_id, "board_id": board_id, "board_name": "Board",
        "programme": "Programme", "title": "Title", "summary": "Summary", "rationale": "Why",
        "decided_on": date(2027, 3, 10), "public_url": "http://decisions.test/d", "revision": 1,
        "published_at": datetime.now(UTC), "no_input_considered": False,
        "links": [{"input_id": new_id(), "contributor_id": c, "partner_id": partner_id,
                   "influence": "adopted", "explanation": "Done."} for c in contributors]},
        lambda address: address, utcnow())
    return decision_id
