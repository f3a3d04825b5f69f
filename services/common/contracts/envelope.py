"""The one envelope every event travels in."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, fields, validate


class EnvelopeSchema(Schema):
    event_id = fields.UUID(required=True)
    event_type = fields.String(required=True, validate=validate.Length(min=1, max=100))
    version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    occurred_at = fields.AwareDateTime(required=True, format="iso")
    producer = fields.String(required=True, validate=validate.Length(min=1, max=50))
    correlation_id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    payload = fields.Dict(required=True)


# reused for every message: a schema keeps no per-call state, and building one copies its fields
_ENVELOPE_SCHEMA = EnvelopeSchema()


@dataclass(frozen=True)
class Envelope:
    event_type: str
    version: int
    producer: str
    payload: dict[str, Any]
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    correlation_id: str = ""

    def to_wire(self) -> dict[str, Any]:
        """JSON-ready form: ids as strings, times in ISO 8601 with offset."""
        return {
            "event_id": str(self.event_id),
            "event_type": self.event_type,
            "version": self.version,
            "occurred_at": self.occurred_at.isoformat(),
            "producer": self.producer,
            "correlation_id": self.correlation_id or str(self.event_id),
            "payload": self.payload,
        }

    @classmethod
    def from_wire(cls, data: dict[str, Any]) -> "Envelope":
        loaded = _ENVELOPE_SCHEMA.load(data)
        return cls(
            event_id=str(loaded["event_id"]),
            event_type=loaded["event_type"],
            version=loaded["version"],
            occurred_at=loaded["occurred_at"],
            producer=loaded["producer"],
            correlation_id=loaded["correlation_id"],
            payload=loaded["payload"],
        )


def new_envelope(event_type: str, version: int, producer: str, payload: dict[str, Any],
                 correlation_id: str | None = None) -> Envelope:
    event_id = str(uuid.uuid4())
    return Envelope(event_type=event_type, version=version, producer=producer, payload=payload,
                    event_id=event_id, correlation_id=correlation_id or event_id)
