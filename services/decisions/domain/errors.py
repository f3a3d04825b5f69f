"""What can go wrong in a use case, in words the API turns into 404, 409 or 422."""
from __future__ import annotations

from typing import Any

class DecisionsError(Exception):
    """Base for the errors a use case reports to its caller."""


class NotFound(DecisionsError):
    """The thing does not exist, or the caller may not see it."""


class Conflict(DecisionsError):
    """The request is valid but the record's state does not allow it now."""


class Invalid(DecisionsError):
    """The request names something unusable; `errors` maps a field to its messages."""

    def __init__(self, message: str, errors: dict[str, Any]):
        super().__init__(message)
        self.errors = errors
