"""Opaque cursors for keyset pagination: stable order, no skipped or repeated rows."""
from __future__ import annotations

import base64
import json
from typing import Any

from flask_smorest import abort
from marshmallow import Schema, fields, validate

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageArgs(Schema):
    cursor = fields.String(load_default=None, metadata={"description": "next_cursor of the previous page"})
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(min=1, max=MAX_LIMIT))


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, default=str, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, TypeError):
        abort(422, message="The cursor is not one this API gave out.",
              errors={"cursor": ["Not a valid cursor."]})
    if not isinstance(values, list):
        abort(422, message="The cursor is not one this API gave out.",
              errors={"cursor": ["Not a valid cursor."]})
    return values


def page_schema(item_schema: type[Schema], name: str) -> type[Schema]:
    """A {items, next_cursor} schema around an item schema, for @blp.response."""
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "next_cursor": fields.String(allow_none=True, required=True,
                                     metadata={"description": "Pass as ?cursor= for the next page; null at the end"}),
    })


def encode_time_id_cursor(at, identifier: str) -> str:
    """The usual keyset: (a timezone-aware time, an id as tie-breaker)."""
    return encode_cursor([at.isoformat(), str(identifier)])


def decode_time_id_cursor(cursor: str | None):
    """(aware datetime, id) from a cursor made by encode_time_id_cursor; 422 for anything else."""
    from datetime import datetime

    values = decode_cursor(cursor)
    if values is None:
        return None
    try:
        moment, identifier = values
        at = datetime.fromisoformat(moment)
    except (TypeError, ValueError):
        at = None
    if at is None or at.tzinfo is None:
        abort(422, message="The cursor is not one this API gave out.",
              errors={"cursor": ["Not a valid cursor."]})
    return at, str(identifier)
