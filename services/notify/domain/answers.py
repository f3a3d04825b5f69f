"""Answer back: a contributor says whether their input was used honestly, and may ask their
partner something. The comment goes to the partner by event, so it must carry no contact details."""
from __future__ import annotations

import re

ANSWERS = ("yes", "partly", "no")
MAX_COMMENT = 1000
# the same test the public quotes apply: an address or a phone number has no place in free text
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ()-]{7,}\d")


def comment_problems(comment: str | None) -> list[str]:
    """Why a comment cannot be passed on as it is; empty when it can."""
    text = (comment or "").strip()
    if len(text) > MAX_COMMENT:
        return [f"Keep your comment under {MAX_COMMENT} characters."]
    if _CONTACT.search(text):
        return ["Please take out the email address or phone number: your organisation already "
                "knows how to reach you."]
    return []
