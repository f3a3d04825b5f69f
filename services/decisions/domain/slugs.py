"""A programme's slug, derived from its name: programmes are names on input, not rows."""
from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\W_]+")


def programme_slug(name: str) -> str:
    """Lower-case, accents dropped, every run of non-alphanumerics one "-", trimmed.

    Never truncated, so two programmes only share a slug when their names differ in nothing but
    case, accents and punctuation."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _SEPARATORS.sub("-", folded.lower()).strip("-") or "programme"
