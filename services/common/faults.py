"""Fault injection for the fault matrix (tests/faults, `make faults`). Off unless asked for.

HEARD_FAULT names one or more points, comma-separated (e.g. `relay.after_send`). When a running
process reaches a named point, it dies on the spot with exit code 137, as if SIGKILLed there:
no clean-up, no commit, no close. HEARD_FAULT_AFTER=N lets N passes go by first.

Points: relay.after_send (sent to Kafka, not yet marked), consumer.before_commit (handled, DB
not committed), consumer.after_commit (DB committed, offset not committed), mail.after_handover
(notify stamped an email's hand-over, DATA not sent), mail.after_data (the mail server accepted
it, notify has not recorded it sent).

One point makes the process slow instead of killing it: consumer.slow_handler holds a handler
(after its work, before its DB commit) for HEARD_FAULT_PAUSE_SECONDS, once, so that it outlasts
max.poll.interval.ms and the group rebalances under it.

HEARD_FAULT_EVENT=<event id> instead makes every consumer handler raise InjectedBug for that one
event, the way a bug would (not an outage): it is retried a bounded number of times, then
parked in the dead-letter topic.

Production configuration never sets HEARD_FAULT (a test checks docker-compose.yml).
"""
from __future__ import annotations

import logging
import os
import time

log = logging.getLogger(__name__)
POINTS = ("relay.after_send", "consumer.before_commit", "consumer.after_commit",
          "mail.after_handover", "mail.after_data")
PAUSES = ("consumer.slow_handler",)
_passes: dict[str, int] = {}
_paused: set[str] = set()


class InjectedBug(RuntimeError):
    """Raised by `buggy_event` for the event HEARD_FAULT_EVENT names."""


def buggy_event(event_id: str) -> None:
    if event_id and os.environ.get("HEARD_FAULT_EVENT") == event_id:
        raise InjectedBug("fault injected for one event")


def _reached(name: str, events: int) -> bool:
    wanted = os.environ.get("HEARD_FAULT")
    if not wanted or name not in wanted.split(","):
        return False
    _passes[name] = _passes.get(name, 0) + events
    return _passes[name] > int(os.environ.get("HEARD_FAULT_AFTER", "0"))


def fault_pause(name: str, events: int = 1) -> None:
    """Hold the caller once at a named pause point (see PAUSES), then carry on normally."""
    if name in _paused or not _reached(name, events):
        return
    _paused.add(name)
    seconds = float(os.environ.get("HEARD_FAULT_PAUSE_SECONDS", "10"))
    log.warning("fault injected at %s: pausing %.1fs", name, seconds)
    time.sleep(seconds)  # the fault itself: a handler that takes this long


def fault_point(name: str, events: int = 1) -> None:
    """`events`: how many events pass this point at once (a consumer's batch counts each), so
    HEARD_FAULT_AFTER means the same number of events whether they come one by one or batched."""
    if not _reached(name, events):
        return
    log.warning("fault injected at %s: exiting as if killed", name)
    logging.shutdown()
    os._exit(137)
