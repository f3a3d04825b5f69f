"""What a use case can refuse, in plain Python (no Flask): the API answers each the same way in
every service (services/common/web/service_errors.py), and a consumer may dead-letter them.

Each service subclasses these in its own errors module to keep its own wording."""
from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base for what a use case reports to its caller."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field  # the request field at fault, when one is


class NotFound(ServiceError):
    """No such thing, or the caller may not see it (the two look the same from outside): 404."""


class Conflict(ServiceError):
    """The request is valid but the current state does not allow it now: 409."""


class Invalid(ServiceError):
    """Fields that only the stored state shows to be wrong, as {field: [messages]}: 422."""

    def __init__(self, errors: dict[str, Any], message: str = "Some fields are invalid."):
        super().__init__(message)
        self.errors = errors
