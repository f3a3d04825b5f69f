"""The one mapping from use-case errors (services/common/errors.py) to HTTP answers.

Each service makes its decorator once, with its own descriptions for the OpenAPI document:
    answers = error_answers({404: "No such object, or it belongs to another partner", ...})
and a view lists the answers it can give: `@answers(blp, 404, 409)`. The decorator documents them
and turns NotFound, Conflict and Invalid raised inside the view into the one error body."""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from flask_smorest import Blueprint, abort

from services.common.errors import Conflict, Invalid, NotFound
from services.common.web.errors import ErrorOut

View = Callable[..., Any]


def error_answers(descriptions: Mapping[int, str]) -> Callable[..., Callable[[View], View]]:
    def answers(blp: Blueprint, *codes: int) -> Callable[[View], View]:
        def decorator(view: View) -> View:
            @functools.wraps(view)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                try:
                    return view(*args, **kwargs)
                except NotFound as exc:
                    abort(404, message=exc.message, errors=_field_errors(exc))
                except Conflict as exc:
                    abort(409, message=exc.message, errors=_field_errors(exc))
                except Invalid as exc:
                    abort(422, message=exc.message, errors=exc.errors)
            for code in codes:
                wrapper = blp.alt_response(code, schema=ErrorOut, description=descriptions[code])(wrapper)
            return wrapper
        return decorator
    return answers


def _field_errors(exc: NotFound | Conflict) -> dict[str, list[str]]:
    return {exc.field: [exc.message]} if exc.field else {}
