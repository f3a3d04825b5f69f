"""Answer counts: how many people said their input was used honestly, shown only in groups large
enough that nobody can be picked out."""
from __future__ import annotations

ANSWERS = ("yes", "partly", "no")
MIN_GROUP = 5  # fewer answers than this: not shown, anywhere


def shown_counts(counts: dict[str, int]) -> dict[str, int] | None:
    """{"answered", "yes", "partly", "no"} when at least MIN_GROUP people answered; else None."""
    answered = sum(counts.get(answer, 0) for answer in ANSWERS)
    if answered < MIN_GROUP:
        return None
    return {"answered": answered, **{answer: counts.get(answer, 0) for answer in ANSWERS}}
