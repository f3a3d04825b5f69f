"""Checks on free text that travels in events: it must not carry contact details."""
from __future__ import annotations

import re

EMAIL_LIKE = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\"]+\.[A-Za-z]{2,}")
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def contains_email(text: str) -> bool:
    return bool(EMAIL_LIKE.search(text))


def is_plain_text(text: str) -> bool:
    return not MARKUP.search(text) and not CONTROL.search(text)


def is_language_tag(tag: str) -> bool:
    return bool(BCP47.match(tag))
