"""Bounds on what a request may carry, checked before anything parses it.

The body is already capped at 1 MiB (MAX_CONTENT_LENGTH); within that, JSON nested a few
thousand levels deep would make the parser recurse until Python gives up (a 500), so the depth
is counted first, without parsing. Query strings are bounded too: no filter needs more.
"""
from __future__ import annotations

import re

from flask import Flask, request
from flask_smorest import abort

MAX_JSON_DEPTH = 32
MAX_QUERY_STRING_BYTES = 2048
# a JSON string (skipped whole, so brackets inside it do not count) or one bracket
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_OPENERS = frozenset(b"[{")


def json_depth(raw: bytes, stop_after: int) -> int:
    """The deepest nesting of arrays and objects, counted up to `stop_after` + 1."""
    depth = deepest = 0
    for match in _TOKENS.finditer(raw):
        first = match.group()[0]
        if first in _OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > stop_after:
                    break
        elif first != ord('"'):
            depth -= 1
    return deepest


def check_request_shape() -> None:
    if len(request.query_string) > MAX_QUERY_STRING_BYTES:
        abort(414, message=f"The query string is over {MAX_QUERY_STRING_BYTES} bytes.",
              errors={"query_string": [f"At most {MAX_QUERY_STRING_BYTES} bytes."]})
    if request.is_json and request.content_length != 0:
        if json_depth(request.get_data(cache=True), MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            abort(422, message=f"The JSON body is nested deeper than {MAX_JSON_DEPTH} levels.",
                  errors={"body": [f"Nested deeper than {MAX_JSON_DEPTH} levels."]})


def install_request_limits(app: Flask) -> None:
    app.before_request(check_request_shape)
