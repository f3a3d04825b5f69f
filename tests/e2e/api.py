"""Small helpers for end-to-end tests that drive the services through their HTTP APIs."""
from __future__ import annotations


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def created(response) -> dict:
    assert response.status_code == 201, response.json
    return response.json


def mail_to(sink, address: str) -> list:
    """The sink's messages to `address` (other tests' events share the broker, not the sink)."""
    return [m for m in sink.messages() if any(a.addr_spec == address for a in m["To"].addresses)]


def queue_ids(decisions, board_key: str) -> set[str]:
    """The input ids on the first 200 rows of the board's queue."""
    return {i["input_id"] for i in decisions.get("/v1/queue?limit=200", headers=auth(board_key)).json["items"]}


def partner_and_board(heard, programme: str) -> tuple[str, str, dict, str]:
    """An admin key that decisions accepts, a partner with its key, and a board covering the
    registered `programme` with its key: (admin, partner key, board, board key)."""
    import uuid

    from services.common.auth.store import issue_key
    from tests.support.polling import wait_for
    from tests.support.programmes import register_and_wait

    intake, decisions = heard["intake"], heard["decisions"]
    with heard["runtimes"]["intake"].uow_factory() as uow:
        admin = issue_key(uow, role="admin", label="e2e")[0].secret
        uow.commit()
    wait_for(lambda: decisions.get("/v1/whoami", headers=auth(admin)).status_code == 200,
             timeout=120, message="admin key reaching decisions")
    partner = created(intake.post("/v1/partners", headers=auth(admin), json={
        "name": "Northtown Peer Support", "contact_email": "team@northtown.example"}))
    partner_key = created(intake.post("/v1/keys", headers=auth(admin), json={
        "role": "partner", "partner_id": partner["partner_id"]}))["key"]
    programme_id = register_and_wait(decisions, intake, auth(admin), programme)
    board = created(decisions.post("/v1/boards", headers=auth(admin), json={
        "name": f"Crisis Care Board {uuid.uuid4().hex[:6]}", "organisation": "Northtown ICB",
        "programme_ids": [programme_id]}))
    board_key = created(decisions.post("/v1/keys", headers=auth(admin), json={
        "role": "board", "board_id": board["board_id"]}))["key"]
    return admin, partner_key, board, board_key
