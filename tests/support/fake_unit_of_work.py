"""The one base for the fake units of work in unit tests: it records published events in one
shape, counts commits, and runs payloads through the real contracts so a bad payload fails as it
would against the outbox. Each service's fake adds its in-memory repositories and is checked by
mypy against that service's `UnitOfWork` protocol."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Self

from services.common.contracts.envelope import Envelope, new_envelope
from services.common.contracts.registry import Contract


@dataclass(frozen=True)
class PublishedEvent:
    topic: str
    event_type: str
    key: str
    payload: dict[str, Any] | None  # the wire form the contract built; None for a tombstone


class FakeUnitOfWork:
    producer = "tests"

    def __init__(self) -> None:
        self.published: list[PublishedEvent] = []
        self.commits = 0
        self.rollbacks = 0
        self._deferring = False

    def __call__(self, correlation_id: str | None = None) -> Self:
        """Use the fake itself as the `uow_factory`: every unit of work shares its state."""
        return self

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def commit(self) -> None:
        if not self._deferring:
            self.commits += 1

    @contextmanager
    def commit_deferred(self) -> Iterator[None]:
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False

    def rollback(self) -> None:
        self.rollbacks += 1

    def publish(self, contract: Contract, payload: dict[str, Any]) -> Envelope:
        wire = contract.build(payload)
        self.published.append(PublishedEvent(contract.topic, contract.event_type,
                                             str(wire[contract.key_field]), wire))
        return new_envelope(contract.event_type, contract.version, self.producer, wire)

    def publish_tombstone(self, contract: Contract, key: str) -> None:
        if not contract.compacted:
            raise ValueError(f"{contract.topic} is not compacted; tombstones would mean nothing")
        self.published.append(PublishedEvent(contract.topic, "tombstone", key, None))

    def topics(self) -> list[str]:
        return [event.topic for event in self.published]

    def events(self, event_type: str) -> list[dict[str, Any]]:
        """The payloads published for one event type, in order (tombstones have none)."""
        return [e.payload for e in self.published if e.event_type == event_type and e.payload is not None]
