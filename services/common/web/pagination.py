"""Opaque cursors for keyset pagination: stable order, no skipped or repeated rows.

Every API list is one call: `keyset_page(args, fetch, key)`. `fetch(after, limit)` reads up to
`limit` rows after the (time, id) position `after` (None: from the start), in that order;
keyset_page asks for one row more than the page, to know whether there is a next page without
counting, and encodes the last item's position as the next cursor.
"""
from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from flask_smorest import abort
from marshmallow import Schema, fields, validate

T = TypeVar("T")
Position = tuple[datetime, str]
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


def page_schema(item_schema: type[Schema], name: str, *, total: bool = False) -> type[Schema]:
    """A {items, next_cursor} schema around an item schema, for @blp.response; with `total`, the
    page also says how many items match the filters in all."""
    attributes: dict[str, Any] = {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "next_cursor": fields.String(allow_none=True, required=True,
                                     metadata={"description": "Pass as ?cursor= for the next page; null at the end"}),
    }
    if total:
        attributes["total"] = fields.Integer(required=True, metadata={
            "description": "How many items match the filters, on every page together"})
    return type(name, (Schema,), attributes)


def keyset_page(args: Mapping[str, Any], fetch: Callable[[Position | None, int], Sequence[T]],
                key: Callable[[T], Position], total: Callable[[], int] | None = None) -> dict[str, Any]:
    """{items, next_cursor} for PageArgs `args` (cursor, limit); and `total` when a count is given
    (read in the same transaction as the page, so the two agree)."""
    limit = args["limit"]
    rows = fetch(decode_time_id_cursor(args["cursor"]), limit + 1)
    items = list(rows[:limit])
    more = len(rows) > limit  # then items is not empty: PageArgs allows no limit below 1
    page: dict[str, Any] = {"items": items, "next_cursor": encode_time_id_cursor(*key(items[-1])) if more else None}
    if total is not None:
        page["total"] = total()
    return page


def two_id_position(at: datetime, first_id: str, second_id: str) -> Position:
    """A position for rows keyed by (time, id, id), as one (time, "id/id") keyset position."""
    return at, f"{first_id}/{second_id}"


def split_two_id_position(after: Position | None) -> tuple[datetime, str, str] | None:
    """The (time, id, id) that two_id_position joined, for the SQL row comparison."""
    if after is None:
        return None
    first_id, _, second_id = after[1].partition("/")
    return after[0], first_id, second_id


def by_fields(time_field: str, id_field: str) -> Callable[[Mapping[str, Any]], Position]:
    """The position of a row given as a mapping, for keyset_page."""
    return lambda row: (row[time_field], str(row[id_field]))


def encode_time_id_cursor(at: datetime, identifier: str) -> str:
    """The usual keyset: (a timezone-aware time, an id as tie-breaker)."""
    return encode_cursor([at.isoformat(), str(identifier)])


def decode_time_id_cursor(cursor: str | None) -> Position | None:
    """(aware datetime, id) from a cursor made by encode_time_id_cursor; 422 for anything else."""
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
