"""What a use case can refuse, in intake's words. Entry points answer them through
services/common/web/service_errors.py."""
from __future__ import annotations

from services.common import errors as common
from services.common.errors import Invalid

__all__ = ["Conflict", "Invalid", "NotFound"]


class NotFound(common.NotFound):
    def __init__(self, what: str, field: str | None = None):
        super().__init__(f"No such {what}.", field)
        self.what = what


class Conflict(common.Conflict):
    def __init__(self, message: str, field: str):
        super().__init__(message, field)
