""""Final outcome only": a contributor who chose it hears of a decision once, when its
implementation ends, rather than of each step on the way (docs/glossary.md).

The end is a progress update whose status is `delivered` or `stopped`: the two statuses after
which nothing more is planned. Until then a decision's news for them is held; the update that
ends it is queued as an email of its own (it says what was decided, how each of their inputs
was used and why, and how it ended) and carries what was held, which is settled with it. After
the end, a later revision or progress update goes as it comes: it changes the final outcome."""
from __future__ import annotations

from services.notify.domain.notifications import DecisionEvent

ENDED = ("delivered", "stopped")
HOLD, SEND_AND_CARRY, SEND = "hold", "send_and_carry", "send"


def ends_implementation(trigger: str, progress_status: object) -> bool:
    return trigger == "progress" and progress_status in ENDED


def final_only_step(event: DecisionEvent, ended_before: bool) -> str:
    """For a final-only contributor: hold this news, send it carrying what was held (it ends
    the implementation), or just send it (the implementation ended before)."""
    if ended_before:
        return SEND
    return SEND_AND_CARRY if ends_implementation(event.trigger, event.facts.get("status")) else HOLD
