"""Checks on free text that travels in events: the shared rules (services/common/text.py), and
the language tag a contributor prefers."""
from __future__ import annotations

import re

from services.common.text import contains_email, is_plain_text

__all__ = ["contains_email", "is_language_tag", "is_plain_text"]
BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def is_language_tag(tag: str) -> bool:
    return bool(BCP47.match(tag))
