"""Fault injection for the fault matrix (tests/faults, `make faults`). Off unless asked for.

HEARD_FAULT names one or more points, comma-separated (e.g. `relay.after_send`). When a running
process reaches a named point, it dies on the spot with exit code 137, as if SIGKILLed there:
no clean-up, no commit, no close. HEARD_FAULT_AFTER=N lets N passes go by first.

Points: relay.after_send (sent to Kafka, not yet marked), consumer.before_commit (handled, DB
not committed), consumer.after_commit (DB committed, offset not committed).

HEARD_FAULT_EVENT=<event id> instead makes every consumer handler raise InjectedBug for that one
event, the way a bug would (not an outage): it is retried a bounded number of times, then
parked in the dead-letter topic.

Production configuration never sets HEARD_FAULT (a test checks docker-compose.yml).
"""
from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)
POINTS = ("relay.after_send", "consumer.before_commit", "consumer.after_commit")
_passes: dict[str, int] = {}


class InjectedBug(RuntimeError):
    """Raised by `buggy_event` for the event HEARD_FAULT_EVENT names."""


def buggy_event(event_id: str) -> None:
    if event_id and os.environ.get("HEARD_FAULT_EVENT") == event_id:
        raise InjectedBug("fault injected for one event")


def fault_point(name: str, events: int = 1) -> None:
    """`events`: how many events pass this point at once (a consumer's batch counts each), so
    HEARD_FAULT_AFTER means the same number of events whether they come one by one or batched."""
    wanted = os.environ.get("HEARD_FAULT")
    if not wanted or name not in wanted.split(","):
        return
    _passes[name] = _passes.get(name, 0) + events
    if _passes[name] <= int(os.environ.get("HEARD_FAULT_AFTER", "0")):
        return
    log.warning("fault injected at %s: exiting as if killed", name)
    logging.shutdown()
    os._exit(137)
