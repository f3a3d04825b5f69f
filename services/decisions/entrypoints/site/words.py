"""Plain English for the public pages: dates, percentages, and what each code means."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

INFLUENCES = {
    "adopted": ("Adopted", "we did what you asked"),
    "adapted": ("Adapted", "we did part of it, or did it differently"),
    "not_adopted": ("Not adopted", "we didn't, because…"),
    "noted": ("Noted", "it informed our discussion, without a specific change"),
}
LEVELS = {"informing": "Informing", "consultation": "Consultation", "engagement": "Engagement",
          "co-design": "Co-design", "co-production": "Co-production"}
METHODS = {"survey": "a survey", "workshop": "a workshop", "interview": "an interview",
           "focus_group": "a focus group", "co_design_session": "a co-design session",
           "story": "a story", "other": "another way", "comment_form": "a comment form"}
PROGRESS = {"planned": "Planned", "in_progress": "In progress", "delivered": "Delivered",
            "stopped": "Stopped"}
NOT_QUOTED = "Not quoted: the person did not agree to be quoted."


def long_date(value: date | datetime | None) -> str:
    """14 March 2027 (datetimes by their UTC date)."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month_label(month: str) -> str:
    """'2027-03' -> 'March 2027'."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def percent(rate: float | None) -> str:
    if rate is None:
        return "no input yet"
    return f"{rate * 100:.1f}".removesuffix(".0") + "%"


def share(part: int, whole: int) -> str:
    return percent(part / whole) if whole else "–"


def days(value: float | None) -> str:
    if value is None:
        return "none yet"
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text} day" if text == "1" else f"{text} days"


def influence_label(code: str) -> str:
    return INFLUENCES[code][0]


def influence_sentence(code: str) -> str:
    label, meaning = INFLUENCES[code]
    return f"{label}: {meaning}"


WORDING = {"title": "The title", "summary": "What was decided", "rationale": "Why"}


FILTERS: dict[str, Callable[..., Any]] = {"wording_label": WORDING.get,
           "long_date": long_date, "month_label": month_label, "percent": percent,
           "share": share, "days": days, "influence_label": influence_label,
           "influence_sentence": influence_sentence, "level_label": LEVELS.get,
           "method_label": METHODS.get, "progress_label": PROGRESS.get}
