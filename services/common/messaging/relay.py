"""Outbox relay: publishes events that were committed with their business change.

Order per key is kept because rows are sent in insertion order and a failed row stops the batch.
After a crash, rows that reached Kafka but were not yet marked are found again in the tail of
their partitions (by event id header) and marked, so a restart does not publish them twice.
The same check runs after a failed send, before anything is sent again: a broker outage is
logged and retried (with a fresh producer) for as long as it lasts; the relay never gives up.
Published rows are marked with one UPDATE per batch.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kafka import KafkaProducer
from sqlalchemy import Engine, Select, Table, func, select, update

from services.common.db.engine import read_connection
from services.common.db.types import utcnow
from services.common.faults import fault_point
from services.common.messaging.connection import KafkaTarget
from services.common.messaging.log_tail import event_ids_in_tail
from services.common.messaging.worker import repeat_until_stopped

log = logging.getLogger(__name__)

# any fixed 64-bit number; each service has its own database, so one id serves all
RELAY_LOCK_ID = 0x4845415244


class OutboxRelay:
    def __init__(self, engine: Engine, outbox: Table, producer_factory: Callable[[], KafkaProducer],
                 bootstrap_servers: KafkaTarget, batch_size: int = 1000, send_timeout: float = 30.0,
                 tail_window: int = 1000, retry_wait: float = 2.0,
                 tail_reader: Callable[[KafkaTarget, set[str], int], set[str]] = event_ids_in_tail):
        self.engine = engine
        self.outbox = outbox
        self.producer_factory = producer_factory
        self.bootstrap_servers = bootstrap_servers
        self.batch_size = batch_size
        self.send_timeout = send_timeout
        self.tail_window = tail_window
        self.retry_wait = retry_wait
        self.tail_reader = tail_reader
        self._producer: KafkaProducer | None = None
        # True until the tail has been checked: at start-up, and again after any failed send
        self._unsure = True

    @property
    def producer(self) -> KafkaProducer:
        if self._producer is None:
            self._producer = self.producer_factory()
        return self._producer

    def pending_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(self.outbox)
                                .where(self.outbox.c.published_at.is_(None))).scalar_one()

    def reconcile_after_restart(self) -> int:
        """Mark pending rows that a previous run sent but did not live to mark."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(self.outbox.c.id, self.outbox.c.event_id, self.outbox.c.topic)
                                .where(self.outbox.c.published_at.is_(None))).all()
        if not rows:
            return 0
        topics = {row.topic for row in rows}
        seen = self.tail_reader(self.bootstrap_servers, topics, self.tail_window)
        already_sent = [row.id for row in rows if row.event_id in seen]
        if already_sent:
            with self.engine.begin() as conn:
                conn.execute(update(self.outbox).where(self.outbox.c.id.in_(already_sent))
                             .values(published_at=utcnow()))
            log.info("relay found %d events already on Kafka after a restart", len(already_sent))
        return len(already_sent)

    def publish_pending(self) -> int:
        """Send one batch in order; returns how many rows were published.

        On PostgreSQL the whole batch (read, send, mark) holds a transaction-scoped advisory
        lock, so worker replicas take turns instead of publishing the same rows side by side,
        and one batch is marked before the next replica reads: per-key order holds.
        """
        if self.engine.dialect.name != "postgresql":
            # SQLite has one writer; a write lock held across Kafka sends would stall the API,
            # and the read needs none (a reader's transaction: services/common/db/engine.py)
            with read_connection(self.engine) as conn:
                rows = self._pending_rows(conn)
            return self._send_and_mark(rows) if rows else 0
        with self.engine.begin() as conn:
            if not conn.execute(select(func.pg_try_advisory_xact_lock(RELAY_LOCK_ID))).scalar():
                return 0
            rows = self._pending_rows(conn)
            return self._send_and_mark(rows, conn) if rows else 0

    def pending_query(self) -> Select:
        """The oldest pending rows, a batch of them: read from the index of unpublished rows
        (tables.py), so the cost does not grow with the rows already published."""
        return (select(self.outbox).where(self.outbox.c.published_at.is_(None))
                .order_by(self.outbox.c.id).limit(self.batch_size))

    def _pending_rows(self, conn):
        return conn.execute(self.pending_query()).all()

    def _send_and_mark(self, rows, conn=None) -> int:
        sent = []
        for row in rows:
            headers = [("event_id", row.event_id.encode()), ("event_type", row.event_type.encode()),
                       ("correlation_id", row.correlation_id.encode())]
            value = row.value.encode() if row.value is not None else None
            future = self.producer.send(row.topic, key=row.message_key.encode(), value=value,
                                        headers=headers)
            sent.append((row, future))
        try:
            self.producer.flush(timeout=self.send_timeout)
        except Exception:  # noqa: BLE001 - each future below says what reached the broker
            log.warning("relay flush did not complete; checking each send")
        fault_point("relay.after_send")  # test hook, off unless HEARD_FAULT names it
        if conn is not None:
            return self._mark(conn, sent)
        with self.engine.begin() as own_conn:
            return self._mark(own_conn, sent)

    def _mark(self, conn, sent) -> int:
        """Mark the rows before the first failure published, in one UPDATE; the failed row
        records its attempt. Rows after it are left pending (order per key): if they reached
        Kafka anyway, the tail check before the next send finds and marks them."""
        published, failed = [], None
        for row, future in sent:
            try:
                future.get(timeout=self.send_timeout)
            except Exception as exc:  # noqa: BLE001 - any send failure is retried later
                failed = (row, exc)
                break
            published.append(row.id)
        outbox = self.outbox
        if published:
            conn.execute(update(outbox).where(outbox.c.id.in_(published)).values(
                attempts=outbox.c.attempts + 1, published_at=utcnow(), last_error=None))
        if failed is not None:
            failed_row, error = failed
            conn.execute(update(outbox).where(outbox.c.id == failed_row.id).values(
                attempts=failed_row.attempts + 1, last_error=type(error).__name__[:500]))
            log.warning("relay could not publish event; will check the broker and retry", extra={
                "event_id": failed_row.event_id, "correlation_id": failed_row.correlation_id,
                "error": type(error).__name__})
            self._unsure = True
            self._drop_producer()
        return len(published)

    def step(self) -> int:
        """One turn of the loop: check the tail if unsure what reached Kafka, then one batch.
        Raises while the broker or database is away; run() waits and calls it again."""
        if self._unsure:
            self.reconcile_after_restart()
            self._unsure = False
        try:
            return self.publish_pending()
        except Exception:
            # a send may have reached the broker before the error: check before resending
            self._unsure = True
            self._drop_producer()
            raise

    def run(self, stop: threading.Event, idle_wait: float = 0.2,
            prepare: Callable[[], object] | None = None) -> None:
        """Publish until `stop`; `prepare` (e.g. creating topics) is retried like a batch until
        it has succeeded once. Errors are logged and retried after `retry_wait`, never raised."""
        prepared = prepare is None

        def turn() -> int:
            nonlocal prepared
            if not prepared:
                prepare()
                prepared = True
            return self.step()

        try:
            repeat_until_stopped(stop, turn, what="relay batch", idle_wait=idle_wait,
                                 error_wait=self.retry_wait)
        finally:
            self.close()

    def _drop_producer(self) -> None:
        """After a failure: a fresh producer next time, not one in an unknown state."""
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                producer.close(timeout=1)
            except Exception:  # it is being thrown away
                log.debug("closing the failed producer raised", exc_info=True)

    def close(self) -> None:
        if self._producer is not None:
            self._producer.close(timeout=10)
            self._producer = None
