"""Turns what a use case refused into the one error body, and documents those answers."""
from __future__ import annotations

import contextlib

from flask_smorest import abort

from services.common.web.errors import ErrorOut
from services.intake.service_layer.errors import Conflict, Invalid, NotFound

DESCRIPTIONS = {
    404: "No such object, or it belongs to another partner",
    409: "Clashes with the current state, or an Idempotency-Key reused with another request",
    413: "The request body is over 1 MiB",
    422: "Invalid fields: `errors` names each one (batches: by item index)",
}


@contextlib.contextmanager
def service_errors():
    try:
        yield
    except NotFound as exc:
        message = f"No such {exc.what}."
        abort(404, message=message, errors={exc.field: [message]} if exc.field else {})
    except Conflict as exc:
        abort(409, message=exc.message, errors={exc.field: [exc.message]})
    except Invalid as exc:
        abort(422, errors=exc.errors)


def documents_errors(blp, *codes: int):
    """Adds the error answers a view can give to its OpenAPI operation."""
    def decorator(view):
        for code in codes:
            view = blp.alt_response(code, schema=ErrorOut, description=DESCRIPTIONS[code])(view)
        return view
    return decorator
