"""Rules for free text and dates that every service applies the same way (plain Python).

Free text travels in events and onto public pages, so it must carry no contact details and no
markup; a date is "in the future" only once it has not begun anywhere on Earth."""
from __future__ import annotations

import difflib
import re
from datetime import UTC, date, datetime, timedelta

EMAIL_LIKE = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+\.[A-Za-z]{2,}")
# a tag (<b>, </b>, <!DOCTYPE>, <?xml>) or the start of a comment; "a < b > c" is not markup
MARKUP = re.compile(r"<\s*[/!?]?\s*[A-Za-z!][^>]*>|<!--")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The date line: the last time zone to start a day is UTC+14 (Kiribati), so a partner or board
# working there is never told that their today is tomorrow.
EARLIEST_TIMEZONE = timedelta(hours=14)


def contains_email(text: str) -> bool:
    return bool(EMAIL_LIKE.search(text))


def contains_markup(text: str) -> bool:
    return bool(MARKUP.search(text))


def is_plain_text(text: str) -> bool:
    """No markup and no control characters (tabs and newlines are fine)."""
    return not contains_markup(text) and not CONTROL.search(text)


def latest_today(now: datetime | None = None) -> date:
    """The latest calendar date anywhere on Earth: anything later is in the future."""
    return ((now or datetime.now(UTC)) + EARLIEST_TIMEZONE).date()


def near_matches(name: str, known: list[str], limit: int = 3) -> list[str]:
    """The known names closest to a mistyped one (case and spacing ignored), best first."""
    def folded(text: str) -> str:
        return " ".join(text.casefold().split())
    by_fold = {folded(k): k for k in sorted(known)}
    return [by_fold[f] for f in difflib.get_close_matches(folded(name), list(by_fold), n=limit, cutoff=0.6)]
