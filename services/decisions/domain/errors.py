"""What can go wrong in a use case, in words the API turns into 404, 409 or 422
(services/common/web/service_errors.py)."""
from __future__ import annotations

from typing import Any

from services.common import errors as common

# a consumer dead-letters these: the event contradicts this database and never will fit
DecisionsError = common.ServiceError


class NotFound(common.NotFound):
    """The thing does not exist, or the caller may not see it."""


class Conflict(common.Conflict):
    """The request is valid but the record's state does not allow it now."""


class Invalid(common.Invalid):
    """The request names something unusable; `errors` maps a field to its messages."""

    def __init__(self, message: str, errors: dict[str, Any]):
        super().__init__(errors, message)
