"""The rules a board's record must follow, as plain functions."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from services.common.text import contains_markup, latest_today

# a contributor deserves at least a full sentence whatever became of their input: "noted" and
# "adopted" too, or a bare "Noted." tells them nothing
EXPLAINED_INFLUENCES = {"adopted": 20, "adapted": 20, "not_adopted": 20, "noted": 20}
# one explanation shared by more than this many inputs is shown as what it is: a bulk answer
BULK_EXPLANATION = 50
MAX_EXPLANATION = 5000
MAX_BULK_LINKS = 1000


def explanation_problems(influence: str, explanation: str | None) -> list[str]:
    """Why an explanation cannot be shown to a contributor as it is; empty when it can."""
    text = (explanation or "").strip()
    if not text:
        return ["An explanation for the contributor is required."]
    problems = []
    minimum = EXPLAINED_INFLUENCES.get(influence, 1)
    if len(text) < minimum or len(text.split()) < 4:
        problems.append(f"Explain '{influence}' to the contributor in a full sentence: at least "
                        f"{minimum} characters and four words.")
    if len(text) > MAX_EXPLANATION:
        problems.append(f"Keep the explanation under {MAX_EXPLANATION} characters.")
    if contains_markup(text):
        problems.append("Write plain text: HTML tags are not allowed.")
    return problems


# a decision's own words calling it co-produced (co-produced, co-production, coproduced, ...)
_CO_PRODUCED = re.compile(r"\bco-?produc", re.IGNORECASE)


def unbacked_co_production(texts: list[str], cited_levels: set[str]) -> bool:
    """A decision described as co-produced although none of its cited input was gathered at
    that level: the public page flags it (faux-production)."""
    return any(_CO_PRODUCED.search(text or "") for text in texts) and "co-production" not in cited_levels


def date_problems(decided_on: date, review_on: date | None, now: datetime | None = None) -> dict[str, Any]:
    problems: dict[str, list[str]] = {}
    if decided_on > latest_today(now):
        problems["decided_on"] = ["A decision cannot be dated in the future."]
    if review_on is not None and review_on <= decided_on:
        problems["review_on"] = ["The review date must be after decided_on."]
    return problems


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")
    return slug or "board"


def slug_candidates(name: str) -> Iterator[str]:
    """The slug, then slug-2, slug-3, ... for boards that share a name."""
    base = slugify(name)
    yield base
    number = 2
    while True:
        yield f"{base}-{number}"
        number += 1


def age_in_days(submitted_at: datetime, now: datetime) -> int:
    return max((now - submitted_at).days, 0)
