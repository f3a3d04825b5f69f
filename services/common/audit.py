"""Who changed what: the context of the request being served, for the append-only audit log.

The web layer sets it for every request that asks to change something; the unit of work reads
it when it commits and writes one audit row in the same transaction as the change, so a change
is never without its entry and an entry never without its change. Framework-free on purpose:
domain and service code never see it."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    request_id: str
    action: str                 # "POST /v1/decisions/{decision_id}/publish", as in OpenAPI
    object_id: str | None       # from the path; else the key of the first event published
    # (key id, role) of whoever is signed in, asked at commit time (authentication runs later
    # than the context is set)
    who: Callable[[], tuple[str | None, str | None]]


_current: ContextVar[AuditContext | None] = ContextVar("heard_audit", default=None)


def current() -> AuditContext | None:
    return _current.get()


@contextmanager
def auditing(context: AuditContext) -> Iterator[None]:
    token = _current.set(context)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def unaudited() -> Iterator[None]:
    """For bookkeeping inside a request that is no change anyone asked for (a key's last use)."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


def start(context: AuditContext) -> object:
    """For frameworks with separate before/after hooks: returns the token `stop` takes."""
    return _current.set(context)


def stop(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
