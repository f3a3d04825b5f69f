"""The partner and board topics carry the whole current state: decisions' read model keeps the
newest per key, whichever order the states arrive in (a dead-letter replay may send an old one
late), on both databases."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from services.common.contracts import Envelope, contract_for
from services.common.messaging.consumer import Delivery
from services.decisions.adapters import orm
from services.decisions.entrypoints.consumers import read_model_handlers
from tests.integration.decisions import events
from tests.support.services import make_runtime

T0 = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
BOARD = contract_for("decisions", "board-registered", 1)


@pytest.fixture
def runtime(database_url):
    runtime = make_runtime("decisions", database_url, "127.0.0.1:1")
    yield runtime
    runtime.engine.dispose()


def deliver(runtime, stream) -> None:
    handlers = read_model_handlers(runtime.uow_factory)
    for offset, (contract, wire) in enumerate(stream):
        envelope = Envelope.from_wire(wire)
        handlers[contract.topic](Delivery(contract.topic, 0, offset, None, envelope,
                                          contract.load(envelope.payload)))


def partner_state(partner_id: str, name: str, hours: float | None) -> tuple:
    payload = {"partner_id": partner_id, "name": name, "registered_at": T0}
    if hours is not None:
        payload["updated_at"] = T0 + timedelta(hours=hours)
    return events.PARTNER, events.envelope(events.PARTNER, payload)


def board_state(board_id: str, slug: str, name: str, hours: float | None, **fields) -> tuple:
    payload = {"board_id": board_id, "name": name, "slug": slug, "organisation": "ICB",
               "outcome_due_days": 30, "registered_at": T0, "programmes": ["Crisis care"], **fields}
    if hours is not None:
        payload["updated_at"] = T0 + timedelta(hours=hours)
    return BOARD, events.envelope(BOARD, payload)


@pytest.mark.parametrize("order", ["in order", "an old state last"])
def test_the_newest_partner_name_and_board_state_are_kept(runtime, order):
    partner_id, board_id = str(uuid.uuid4()), str(uuid.uuid4())
    slug = f"crisis-board-{board_id[:8]}"
    stream = [partner_state(partner_id, "Northtown Peer Support", None),
              partner_state(partner_id, "Northtown Peer Network", 2),
              board_state(board_id, slug, "Crisis Board", None),
              board_state(board_id, slug, "Crisis and Nights Board", 3, outcome_due_days=45,
                          programmes=["Crisis care", "Nights"], status="retired",
                          retired_at=T0 + timedelta(hours=3))]
    if order == "an old state last":  # the two registrations replayed after the changes
        stream = [stream[1], stream[3], stream[0], stream[2]]

    deliver(runtime, stream)

    with runtime.engine.connect() as conn:
        partner = conn.execute(select(orm.partners).where(orm.partners.c.partner_id == partner_id)).one()
        board = conn.execute(select(orm.boards).where(orm.boards.c.board_id == board_id)).one()
        covered = conn.execute(select(orm.board_programmes.c.programme)
                               .where(orm.board_programmes.c.board_id == board_id)
                               .order_by(orm.board_programmes.c.programme)).scalars().all()
    assert (partner.name, partner.registered_at) == ("Northtown Peer Network", T0)
    assert (board.name, board.slug, board.outcome_due_days, board.status) == (
        "Crisis and Nights Board", slug, 45, "retired")
    assert board.retired_at == T0 + timedelta(hours=3) and board.created_at == T0
    assert covered == ["Crisis care", "Nights"]
