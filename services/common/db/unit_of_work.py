"""Base unit of work: one DB transaction that also holds the outbox and the inbox.

Services subclass it to attach their repositories to `self.connection`.
"""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, insert, select

from services.common.contracts.envelope import Envelope, new_envelope
from services.common.contracts.registry import Contract
from services.common.db.outbox_scrub import forget_key
from services.common.db.types import utcnow


class SqlUnitOfWork:
    def __init__(self, engine: Engine, metadata: MetaData, producer: str,
                 correlation_id: str | None = None):
        self.engine = engine
        self.producer = producer
        self.correlation_id = correlation_id
        self.tables = {name: metadata.tables[name] for name in ("outbox", "inbox", "api_keys")}
        self.connection: Connection | None = None
        self.published: list[Envelope] = []

    def __enter__(self):
        self.connection = self.engine.connect()
        self._transaction = self.connection.begin()
        return self

    def __exit__(self, *exc_info):
        if self._transaction.is_active:
            self._transaction.rollback()
        self.connection.close()

    def commit(self) -> None:
        self._transaction.commit()

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
        self.connection.execute(insert(self.tables["outbox"]).values(
            event_id=envelope.event_id, topic=topic, message_key=key, value=value,
            correlation_id=envelope.correlation_id or envelope.event_id,
            event_type=envelope.event_type, created_at=utcnow(), attempts=0,
        ))

    # -- inbox ------------------------------------------------------------------------------
    def already_processed(self, event_id: str) -> bool:
        inbox = self.tables["inbox"]
        row = self.connection.execute(select(inbox.c.event_id).where(inbox.c.event_id == event_id))
        return row.first() is not None

    def mark_processed(self, event_id: str, topic: str) -> None:
        self.connection.execute(insert(self.tables["inbox"]).values(
            event_id=event_id, topic=topic, processed_at=utcnow()))


