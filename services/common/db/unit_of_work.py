"""Base unit of work: one DB transaction that also holds the outbox and the inbox.

Services subclass it to attach their repositories to `self.connection`. `UnitOfWork` is the part
every service layer relies on; each service extends it with its repositories
(services/<name>/service_layer/unit_of_work.py), and the fakes in tests satisfy the same protocol.
"""
from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, Self

from sqlalchemy import Connection, Engine, MetaData, Table, insert, select

from services.common import audit
from services.common.contracts.envelope import Envelope, new_envelope
from services.common.contracts.registry import Contract
from services.common.db.bulk import insert_rows
from services.common.db.outbox_scrub import forget_key
from services.common.db.types import utcnow


class UnitOfWork(Protocol):
    """One transaction: changes and the events they cause are committed together, or neither."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc_info: object) -> None: ...

    def publish(self, contract: Contract, payload: dict[str, Any]) -> Envelope: ...

    def publish_tombstone(self, contract: Contract, key: str) -> None: ...

    def commit(self) -> None:
        """A use case calls this when its work is complete (docs/developing.md, "Who commits")."""

    def rollback(self) -> None: ...

    def commit_deferred(self) -> AbstractContextManager[None]:
        """Inside, commit() commits nothing: plumbing that adds its own row after a use case (the
        inbox's event id, a stored Idempotency-Key response) commits once, so all is one transaction."""


@functools.lru_cache(maxsize=None)
def _insert_statement(table: Table):
    # one prebuilt statement per table, given parameters: .values() per row showed in the profile
    return insert(table)


class SqlUnitOfWork:
    connection: Connection  # opened by __enter__

    def __init__(self, engine: Engine, metadata: MetaData, producer: str,
                 correlation_id: str | None = None):
        self.engine = engine
        self.producer = producer
        self.correlation_id = correlation_id
        self.tables = {name: metadata.tables[name] for name in ("outbox", "inbox", "api_keys")}
        self.published: list[Envelope] = []
        self._keys: list[str] = []  # message keys of what was published, for the audit row
        self._audit_table = metadata.tables.get("audit_log")
        self._deferring = False

    def __enter__(self) -> Self:
        self.connection = self.engine.connect()
        self._transaction = self.connection.begin()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._transaction.is_active:
            self._transaction.rollback()
        self.connection.close()

    def commit(self) -> None:
        if not self._deferring:
            self._write_audit_row()
            self._transaction.commit()

    def _write_audit_row(self) -> None:
        context = audit.current()
        if context is None or self._audit_table is None:
            return  # a worker, a command, or a read
        key_id, role = context.who()
        self.connection.execute(_insert_statement(self._audit_table), {
            "audit_id": str(uuid.uuid4()), "at": utcnow(), "key_id": key_id, "role": role,
            "action": context.action[:200], "request_id": context.request_id,
            "object_id": context.object_id or (self._keys[0] if self._keys else None)})

    @contextmanager
    def commit_deferred(self) -> Iterator[None]:
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False

    def rollback(self) -> None:
        self._transaction.rollback()

    # -- outbox -----------------------------------------------------------------------------
    def publish(self, contract: Contract, payload: dict[str, Any]) -> Envelope:
        """Record an event in the outbox, in this transaction. The relay sends it later."""
        wire_payload = contract.build(payload)
        envelope = new_envelope(contract.event_type, contract.version, self.producer,
                                wire_payload, self.correlation_id)
        key = str(wire_payload[contract.key_field])
        self._insert_outbox(contract.topic, key, json.dumps(envelope.to_wire()), envelope)
        self.published.append(envelope)
        return envelope

    def publish_tombstone(self, contract: Contract, key: str) -> None:
        """Erase a key from a compacted topic."""
        if not contract.compacted:
            raise ValueError(f"{contract.topic} is not compacted; tombstones would mean nothing")
        if contract.personal_data:
            forget_key(self.connection, self.tables["outbox"], contract.topic, key)
        marker = new_envelope("tombstone", contract.version, self.producer, {}, self.correlation_id)
        self._insert_outbox(contract.topic, key, None, marker)

    def _insert_outbox(self, topic: str, key: str, value: str | None, envelope: Envelope) -> None:
        self._keys.append(key)
        # parameters, not .values(): building a statement per event showed in the profile
        self.connection.execute(_insert_statement(self.tables["outbox"]), {
            "event_id": envelope.event_id, "topic": topic, "message_key": key, "value": value,
            "correlation_id": envelope.correlation_id or envelope.event_id,
            "event_type": envelope.event_type, "created_at": utcnow(), "attempts": 0,
        })

    # -- inbox ------------------------------------------------------------------------------
    def already_processed(self, event_id: str) -> bool:
        inbox = self.tables["inbox"]
        row = self.connection.execute(select(inbox.c.event_id).where(inbox.c.event_id == event_id))
        return row.first() is not None

    def mark_processed(self, event_id: str, topic: str) -> None:
        self.connection.execute(insert(self.tables["inbox"]).values(
            event_id=event_id, topic=topic, processed_at=utcnow()))

    def processed_among(self, event_ids: list[str]) -> set[str]:
        """Which of these event ids the inbox holds: one query for a consumer's batch."""
        inbox = self.tables["inbox"]
        return set(self.connection.execute(
            select(inbox.c.event_id).where(inbox.c.event_id.in_(event_ids))).scalars())

    def mark_processed_many(self, events: list[tuple[str, str]]) -> None:
        """(event_id, topic) pairs, in one statement."""
        now = utcnow()
        insert_rows(self.connection, self.tables["inbox"], [
            {"event_id": event_id, "topic": topic, "processed_at": now} for event_id, topic in events])


