"""The relay's read of pending rows does not walk past the rows it has already published."""
from __future__ import annotations

import json
import uuid

from sqlalchemy import insert, text, update

from services.common.db.types import utcnow
from services.common.messaging.relay import OutboxRelay
from tests.support.services import make_runtime

ROWS, PUBLISHED = 3000, 2000


def _fill(runtime) -> None:
    outbox, now = runtime.outbox_table, utcnow()
    rows = [{"event_id": str(uuid.uuid4()), "topic": "bench", "message_key": str(n),
             "value": json.dumps({"n": n}), "correlation_id": "c", "event_type": "e",
             "created_at": now, "attempts": 0} for n in range(ROWS)]
    with runtime.engine.begin() as conn:
        conn.execute(insert(outbox), rows)
        conn.execute(update(outbox).where(outbox.c.id <= PUBLISHED).values(published_at=now))


def _plan(conn, statement, dialect: str) -> str:
    sql = str(statement.compile(conn, compile_kwargs={"literal_binds": True}))
    if dialect == "postgresql":
        plan = conn.execute(text(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")).scalar_one()
        return json.dumps(plan)
    return " | ".join(str(row[-1]) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


def _removed_by_filter(node: dict) -> int:
    return node.get("Rows Removed by Filter", 0) + sum(
        _removed_by_filter(child) for child in node.get("Plans", []))


def test_pending_rows_come_from_the_index_of_unpublished_rows(database_url):
    runtime = make_runtime("intake", database_url, "127.0.0.1:9")  # nothing here talks to Kafka
    try:
        _fill(runtime)
        relay = OutboxRelay(runtime.engine, runtime.outbox_table, producer_factory=lambda: None,
                            bootstrap_servers="127.0.0.1:9", batch_size=100)
        dialect = runtime.engine.dialect.name
        with runtime.engine.connect() as conn:
            rows = conn.execute(relay.pending_query()).all()
            plan = _plan(conn, relay.pending_query(), dialect)
        assert [row.id for row in rows] == list(range(PUBLISHED + 1, PUBLISHED + 101))
        assert "ix_outbox_unpublished" in plan, plan
        if dialect == "postgresql":  # and none of the 2,000 published rows was read and dropped
            assert _removed_by_filter(json.loads(plan)[0]["Plan"]) == 0, plan
    finally:
        runtime.engine.dispose()


def test_a_writer_holding_its_transaction_open_does_not_hold_up_the_relays_read(database_url):
    """The relay reads pending rows as a reader: on SQLite it does not wait for the one write
    lock (which an API request or a mail sender may hold) just to find nothing to send."""
    import threading

    from services.common.db.engine import make_engine

    runtime = make_runtime("intake", database_url, "127.0.0.1:9")
    writer = make_engine(database_url)  # another process's engine, as the API's is the worker's
    try:
        relay = OutboxRelay(runtime.engine, runtime.outbox_table, producer_factory=lambda: None,
                            bootstrap_servers="127.0.0.1:9", batch_size=100)
        outcome: list = []
        with writer.connect() as held:
            held.begin()  # on SQLite: BEGIN IMMEDIATE, the write lock
            held.execute(insert(runtime.outbox_table), [{
                "event_id": str(uuid.uuid4()), "topic": "t", "message_key": "k", "value": "{}",
                "correlation_id": "c", "event_type": "e", "created_at": utcnow(), "attempts": 0}])
            reader = threading.Thread(target=lambda: outcome.append(relay.publish_pending()))
            reader.start()
            reader.join(timeout=10)
            finished_while_held = not reader.is_alive()
            held.rollback()
        reader.join(timeout=60)
        assert finished_while_held, "the relay's read waited for the writer's lock"
        assert outcome == [0]  # the writer's row was not committed: nothing to send
    finally:
        writer.dispose()
        runtime.engine.dispose()
