"""Text fields for decisions' request schemas: the shared field (trimmed, bounded, never blank).
Board text is public and about decisions, so an organisation's address may appear in it."""
from __future__ import annotations

from typing import Any

from services.common.web.text_fields import Text


def text(max_length: int, **kwargs: Any) -> Text:
    kwargs.setdefault("required", True)
    return Text(max_length=max_length, **kwargs)
