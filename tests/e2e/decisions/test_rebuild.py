"""Re-reading the topics from the start into an empty database gives the same queue and read model."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from services.decisions.adapters.orm import inputs, outcome_links, partners
from services.decisions.entrypoints.api import create_app
from tests.e2e.decisions.conftest import Board, ids_of
from tests.integration.decisions import events
from tests.support.databases import fresh_database
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker


@pytest.fixture
def empty_database_url(request, database_url, tmp_path):
    """A second empty database of the same kind as `database_url`."""
    kind = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    with fresh_database(request, kind, tmp_path, "rebuilt") as url:
        yield url


def read_model(runtime, input_ids: list[str]) -> tuple[list, ...]:
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(inputs).where(inputs.c.input_id.in_(input_ids))
                            .order_by(inputs.c.input_id)).all()
        claims = conn.execute(select(outcome_links).where(outcome_links.c.input_id.in_(input_ids))
                              .order_by(outcome_links.c.input_id)).all()
        named = conn.execute(select(partners).where(partners.c.partner_id.in_(
            sorted({r.partner_id for r in rows})))).all()
    return [tuple(r) for r in rows], [tuple(c) for c in claims], [tuple(p) for p in named]


def quotable(runtime, input_id: str) -> bool:
    with runtime.engine.connect() as conn:
        return conn.execute(select(inputs.c.quote_anonymously)
                            .where(inputs.c.input_id == input_id)).scalar_one()


def queues(board: Board) -> list:
    pages = [board.get("/v1/queue").json]
    for query in ({"topic": "transport"}, {"participation_level": "co-production"},
                  {"older_than_days": 9}, {"limit": 2}):
        pages.append(board.get("/v1/queue", **query).json)
    return pages


def test_rebuild_from_the_topics_gives_the_same_queue(stack, empty_database_url):
    board = stack.new_board()
    partner_id = str(uuid.uuid4())
    events.produce(stack.bootstrap, events.PARTNER, events.partner_registered(partner_id))
    submitted = (stack.submit(board.programme, 3, partner_id=partner_id)
                 + stack.submit(board.programme, 2, topics=("transport",),
                                participation_level="co-production", contributor_id=None))
    ids = ids_of(submitted)
    events.produce(stack.bootstrap, events.WITHDRAWN, events.input_withdrawn(submitted[4]))
    contributor = submitted[0]["payload"]["contributor_id"]
    events.produce(stack.bootstrap, events.CONSENT,
                   events.consent_changed(contributor, partner_id, quote_anonymously=False))
    decision_id = board.draft()["decision_id"]
    board.link(decision_id, ids[:2] + ids[3:4])
    board.post(f"/v1/decisions/{decision_id}/publish")
    board.post(f"/v1/decisions/{decision_id}/revisions",
               {"reason": "We cited the wrong story.", "remove_input_ids": [ids[1]]})
    wait_for(lambda: board.queue_ids() == [ids[1], ids[2]], message="queue settled")
    wait_for(stack.relayed, message="all events relayed")
    wait_for(lambda: not quotable(stack.runtime, ids[0]), message="consent change consumed")
    before_pages, before_model = queues(board), read_model(stack.runtime, ids)
    assert before_pages[0]["items"][0]["partner_name"] == "Northtown Peer Support"

    rebuilt = make_runtime("decisions", empty_database_url, stack.bootstrap)  # fresh group too
    with running_worker("decisions", rebuilt):
        again = Board(create_app(runtime=rebuilt).test_client(), board.board_id, board.key,
                      board.programme)
        # the rebuild is eventually consistent: wait until it has caught up, or fail at the deadline
        wait_for(lambda: read_model(rebuilt, ids) == before_model, timeout=60,
                 message="inputs, partners and claims rebuilt")
        wait_for(lambda: queues(again) == before_pages, timeout=30, message="the same queue")
    rebuilt.engine.dispose()
