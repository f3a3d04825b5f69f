"""What a use case can refuse. Entry points turn these into HTTP answers."""
from __future__ import annotations

from typing import Any

class NotFound(Exception):
    """No such thing, or the caller may not see it (the two look the same from outside)."""

    def __init__(self, what: str, field: str | None = None):
        super().__init__(what)
        self.what = what
        self.field = field


class Conflict(Exception):
    """The request is valid but clashes with the current state."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(Exception):
    """Fields that only the stored state shows to be wrong, as {field: [messages]}."""

    def __init__(self, errors: dict[str, Any]):
        super().__init__("invalid")
        self.errors = errors
