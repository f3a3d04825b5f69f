"""Turning use-case errors into the one error body, and documenting them per operation."""
from __future__ import annotations

import functools
from datetime import datetime

from flask_smorest import abort

from services.common.web.errors import ErrorOut
from services.common.web.pagination import decode_time_id_cursor, encode_cursor
from services.decisions.domain.errors import Conflict, Invalid, NotFound

DESCRIPTIONS = {
    404: "No such object, or it belongs to another board",
    409: "The record's state does not allow this now",
    422: "A field is invalid; `errors` names it",
}


def answers(blp, *codes: int):
    """Document `codes` on the operation and answer NotFound/Conflict/Invalid with them."""
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except NotFound as exc:
                abort(404, message=str(exc))
            except Conflict as exc:
                abort(409, message=str(exc))
            except Invalid as exc:
                abort(422, message=str(exc), errors=exc.errors)
        for code in codes:
            wrapper = blp.alt_response(code, schema=ErrorOut, description=DESCRIPTIONS[code])(wrapper)
        return wrapper
    return decorator


def page(rows: list[dict], limit: int, key: tuple[str, str]) -> dict:
    """{items, next_cursor} from limit+1 rows; the cursor is the (time, id) of the last item."""
    items = rows[:limit]
    more = len(rows) > limit
    last = items[-1] if items else None
    cursor = encode_cursor([last[key[0]].isoformat(), last[key[1]]]) if more and last else None
    return {"items": items, "next_cursor": cursor}


def after(cursor: str | None) -> tuple[datetime, str] | None:
    return decode_time_id_cursor(cursor)
