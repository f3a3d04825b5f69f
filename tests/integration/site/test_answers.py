"""Answer counts on the public pages and the board's API, with the minimum group of five."""
from __future__ import annotations

import uuid
from datetime import timedelta

from services.common.auth.keys import generate_key
from services.common.auth.store import apply_key_event
from services.common.db.types import utcnow
from tests.integration.site.conftest import page_text
from tests.integration.site.dataset import DECIDED

COUNTS = ("People who told us how their input was used about this decision: 5; "
          "felt it was used honestly: 3, partly: 1, not: 1.")


def board_key(runtime, board_id: str) -> dict:
    key = generate_key()
    with runtime.engine.begin() as conn:
        apply_key_event(conn, runtime.api_keys_table, {
            "key_id": key.key_id, "key_hash": key.key_hash, "role": "board", "partner_id": None,
            "board_id": board_id, "label": "test", "created_at": utcnow(), "revoked_at": None},
            "decisions")
    return {"Authorization": f"Bearer {key.secret}"}


def test_answer_counts_appear_from_five_answers(client, runtime, record):
    people = [str(uuid.uuid4()) for _ in range(5)]

    def answer(person, value, minutes):
        with runtime.uow_factory() as uow:
            uow.inputs.record_answer(record.decision_id, person, record.board_id, value,
                                     DECIDED + timedelta(days=3, minutes=minutes))
            uow.commit()

    for person, value in zip(people[:4], ("yes", "yes", "no", "yes"), strict=True):
        answer(person, value, 0)
    answer(people[0], "partly", -10)  # an older answer arriving late changes nothing
    decision_url = f"/decisions/{record.decision_id}"
    words = " ".join(page_text(client, decision_url).split())
    assert "Fewer than 5 people have told us how their input was used about this decision" in words
    key = board_key(runtime, record.board_id)
    api = client.get(f"/v1/decisions/{record.decision_id}/answers", headers=key)
    assert api.status_code == 200 and api.json == {
        "decision_id": record.decision_id, "minimum_group": 5, "counts": None}

    answer(people[4], "partly", 0)
    answer(people[3], "yes", 5)
    words = " ".join(page_text(client, decision_url).split())
    assert COUNTS in words
    board = " ".join(page_text(client, f"/boards/{record.board_slug}").split())
    assert ("People who told us how their input was used about this board’s decisions: 5; felt it "
            "was used honestly: 3, partly: 1, not: 1.") in board
    assert "People who told us how their input was used: 5;" in board, "beside the decision too"
    api = client.get(f"/v1/decisions/{record.decision_id}/answers", headers=key)
    assert api.json["counts"] == {"answered": 5, "yes": 3, "partly": 1, "no": 1}
    assert client.get(f"/v1/decisions/{uuid.uuid4()}/answers", headers=key).status_code == 404
    assert client.get(f"/v1/decisions/{record.decision_id}/answers").status_code == 401
