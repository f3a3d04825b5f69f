"""The read model comes out the same whatever order the topics interleave in (a replay reads
partitions of different topics in no fixed order), and its derived columns mean what they say."""
from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from services.common.contracts import Envelope, contract_for
from services.common.messaging.consumer import Delivery
from services.decisions.adapters import orm
from services.decisions.entrypoints.consumers import read_model_handlers
from tests.integration.decisions import events
from tests.support.services import make_runtime

T0 = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
PUBLISHED = contract_for("decisions", "outcome-published", 1)
REVISED = contract_for("decisions", "outcome-revised", 1)
BOARD = contract_for("decisions", "board-registered", 1)
TABLES = [orm.boards, orm.board_programmes, orm.partners, orm.inputs, orm.input_topics,
          orm.input_withdrawals, orm.contributor_consents, orm.outcomes, orm.outcome_links,
          orm.notification_outcomes, orm.notification_inputs, orm.input_relays]


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def submitted(programme: str, hours: float, contributor_id, partner_id: str) -> dict:
    event = events.input_submitted(programme, contributor_id=contributor_id, partner_id=partner_id)
    event["payload"]["submitted_at"] = at(hours).isoformat()
    return event


def outcome(contract, decision: dict, revision: int, hours: float, links: dict) -> dict:
    payload = {**decision, "revision": revision, "links": [
        {"input_id": i, "contributor_id": None, "partner_id": decision["board_id"],
         "influence": influence, "explanation": "Because."} for i, influence in links.items()]}
    if contract is PUBLISHED:
        payload.update(published_at=at(hours), no_input_considered=False)
    else:
        payload.update(revised_at=at(hours), reason="Corrected.", changed_input_ids=list(links))
    return events.envelope(contract, payload)


@pytest.fixture
def scenario():
    programme, partner, contributor = "Crisis care", str(uuid.uuid4()), str(uuid.uuid4())
    x = submitted(programme, 0, contributor, partner)
    y = submitted(programme, 1, None, partner)
    z = submitted(programme, 2, contributor, partner)
    w = submitted(programme, 3, str(uuid.uuid4()), partner)
    v = submitted(programme, 4, str(uuid.uuid4()), partner)
    ids = [e["payload"]["input_id"] for e in (x, y, z, w, v)]
    board_id, decision_id = str(uuid.uuid4()), str(uuid.uuid4())
    decision = {"decision_id": decision_id, "board_id": board_id, "board_name": "B",
                "programme": programme, "title": "T", "summary": "S", "rationale": "R",
                "decided_on": date(2027, 1, 2), "public_url": f"http://x/decisions/{decision_id}"}
    facts = dict(decision_id=decision_id, board_id=board_id, contributor_id=contributor,
                 partner_id=partner)
    relay = dict(decision_id=decision_id, contributor_id=contributor, partner_id=partner)
    stream = [
        (BOARD, events.envelope(BOARD, {"board_id": board_id, "name": "B", "slug": f"b-{board_id}",
                                        "organisation": "O", "outcome_due_days": 90,
                                        "registered_at": T0, "programmes": [programme]})),
        (events.PARTNER, events.partner_registered(partner)),
        (events.SUBMITTED, x), (events.SUBMITTED, y), (events.SUBMITTED, z), (events.SUBMITTED, w),
        (events.SUBMITTED, v),
        (events.WITHDRAWN, events.input_withdrawn(z)),
        (events.CONSENT, events.consent_changed(contributor, partner, False, at(0.5))),
        (events.CONSENT, events.consent_changed(contributor, partner, True, at(-5))),
        (PUBLISHED, outcome(PUBLISHED, decision, 1, 10, {ids[0]: "adopted", ids[1]: "noted",
                                                     ids[3]: "noted", ids[4]: "noted"})),
        (REVISED, outcome(REVISED, decision, 2, 20, {ids[0]: "adapted", ids[3]: "noted",
                                                   ids[4]: "noted"})),
        (events.SUPPRESSED, events.notification(events.SUPPRESSED, input_ids=[ids[3]], at=at(11),
                                                **facts)),
        # v had no address: the partner phoned them, after a second relay of the same was recorded
        (events.SUPPRESSED, events.notification(events.SUPPRESSED, input_ids=[ids[4]], at=at(11),
                                                reason="no_email", **facts)),
        (events.RELAYED, events.outcome_relayed(input_ids=[ids[4]], at=at(16), **relay)),
        (events.RELAYED, events.outcome_relayed(input_ids=[ids[4]], at=at(15), **relay)),
        (events.SENT, events.notification(events.SENT, input_ids=[ids[0]], at=at(30), **facts)),
        (events.SENT, events.notification(events.SENT, input_ids=[ids[0]], at=at(12), **facts)),
    ]
    return stream, ids


def replay(runtime, stream) -> dict:
    handlers = read_model_handlers(runtime.uow_factory)
    for offset, (contract, wire) in enumerate(stream):
        envelope = Envelope.from_wire(wire)
        handlers[contract.topic](Delivery(contract.topic, 0, offset, None, envelope,
                                          contract.load(envelope.payload)))
    with runtime.engine.begin() as conn:
        dump = {t.name: sorted(tuple(map(str, r)) for r in conn.execute(select(t))) for t in TABLES}
        for table in reversed(TABLES + [runtime.metadata.tables["inbox"]]):
            conn.execute(delete(table))
    return dump


def test_any_interleaving_gives_the_same_read_model(database_url, scenario):
    stream, (x, y, z, w, v) = scenario
    runtime = make_runtime("decisions", database_url, "127.0.0.1:1")  # no broker needed
    try:
        natural = replay(runtime, stream)
        for seed in range(3):
            shuffled = stream[:]
            random.Random(seed).shuffle(shuffled)
            assert replay(runtime, shuffled) == natural, f"order {seed} differs"
        assert replay(runtime, stream[::-1]) == natural

        assert replay(runtime, stream + stream) == natural, "duplicates change nothing"
        handlers = read_model_handlers(runtime.uow_factory)  # leave the rows to inspect
        for offset, (contract, wire) in enumerate(stream):
            envelope = Envelope.from_wire(wire)
            handlers[contract.topic](Delivery(contract.topic, 0, offset, None, envelope,
                                              contract.load(envelope.payload)))
        with runtime.engine.connect() as conn:
            rows = {r.input_id: r for r in conn.execute(select(orm.inputs))}
            claims = {r.input_id: r.revision for r in conn.execute(select(orm.outcome_links))}
    finally:
        runtime.engine.dispose()
    assert rows[x].quote_anonymously is False, "the latest consent wins"
    assert rows[z].withdrawn_at is not None
    assert rows[x].first_outcome_published_at == rows[y].first_outcome_published_at == at(10)
    assert rows[x].closed_at == at(12), "closed when the contributor was first told"
    assert rows[x].not_wanted_at is None
    assert rows[y].closed_at is None, "no contributor: nobody was told, so never closed"
    assert (rows[w].closed_at, rows[w].not_wanted_at) == (None, at(11)), "declined: not wanted"
    assert (rows[v].closed_at, rows[v].not_wanted_at) == (at(15), None), "told by the partner"
    assert claims == {x: 2, y: 1, w: 2, v: 2}, "y's claim was dropped by revision 2"
