"""One error body for every service: {code, status, message, errors}."""
from __future__ import annotations

import logging

from flask_smorest import Api
from marshmallow import Schema, fields
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

_LOCATIONS = ("json", "query", "headers", "path", "form", "files", "view_args")


class ErrorOut(Schema):
    code = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    status = fields.String(required=True, metadata={"description": "HTTP status name"})
    message = fields.String(required=True, metadata={"description": "What went wrong, in words"})
    errors = fields.Dict(required=True, metadata={
        "description": "Field name to list of messages (or index to field errors for batches)"})


class HeardApi(Api):
    ERROR_SCHEMA = ErrorOut

    def handle_http_exception(self, error: HTTPException):
        data = getattr(error, "data", None) or {}
        errors = data.get("errors", data.get("messages", {}))
        if isinstance(errors, dict) and len(errors) == 1 and next(iter(errors)) in _LOCATIONS:
            errors = next(iter(errors.values()))  # {"json": {...}} -> {...}: the field is enough
        message = data.get("message") or _default_message(error, errors)
        if error.code >= 500:
            log.error("request failed with %s", error.code)
        payload = {"code": error.code, "status": error.name, "message": message,
                   "errors": errors if isinstance(errors, dict) else {"_": errors}}
        return payload, error.code, data.get("headers", {})


# how long a client should wait before trying again while the database does not answer
DATABASE_RETRY_AFTER_SECONDS = 5


def database_unavailable(error: Exception):
    """The database does not answer (stopped, unreachable, or SQLite locked beyond its wait):
    nothing of the request was saved (its transaction rolled back), so the client may retry."""
    log.warning("request refused: the database does not answer (%s)", type(error).__name__)
    payload = {"code": 503, "status": "Service Unavailable",
               "message": "The database is not answering, so nothing was saved. "
                          f"Try again in {DATABASE_RETRY_AFTER_SECONDS} seconds.",
               "errors": {}}
    return payload, 503, {"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)}


DATABASE_OUTAGES = (OperationalError, InterfaceError)


def _default_message(error: HTTPException, errors) -> str:
    if error.code == 422 and errors:
        return "The request has invalid fields: " + ", ".join(str(k) for k in errors)
    if error.code >= 500:
        return "Something went wrong on our side. It has been logged."
    return error.description or error.name
