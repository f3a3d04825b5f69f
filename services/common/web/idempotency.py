"""Idempotency-Key for views whose use case commits its own unit of work (decisions' creates).

The key is claimed first, in its own transaction (the primary key makes the claim unique), then
the view runs, then its response is stored under the claim. A retry with the same key and body
gets the stored response again (header Idempotent-Replayed); the same key with another body is
409; a retry while the first is still running is 409 with Retry-After. If the view fails, the
claim is released so a retry can succeed. If the process dies between the view's commit and
storing the response, the claim stays "in progress": the retry is refused rather than done
twice (a second progress entry would mean second emails).

(Intake writes its stored response in the same transaction as the change, which its use cases
allow; this form fits use cases that commit inside.)
"""
from __future__ import annotations

import functools
import hashlib
import json

from flask import current_app, request
from flask_smorest import abort
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from services.common.db.types import utcnow
from services.common.web.auth import current_principal
from services.common.web.runtime import current_runtime

HEADER = "Idempotency-Key"
PENDING = 0  # response_status while the first request is still running
PARAMETER = {"in": "header", "name": HEADER, "required": False, "schema": {
    "type": "string", "minLength": 1, "maxLength": 200},
    "description": "Any unique string per intended request (a UUID is good). A retry with the "
                   "same key and body returns the first response and creates nothing."}


def idempotent_create(blp):
    """Put it under @authorized (the key is scoped to the caller) and above @blp.arguments."""
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            key = request.headers.get(HEADER)
            if key is None:
                return view(*args, **kwargs)
            if not 1 <= len(key) <= 200:
                abort(422, message=f"{HEADER} must be 1 to 200 characters.",
                      errors={HEADER: ["Length must be between 1 and 200."]})
            return _once(key, lambda: view(*args, **kwargs))
        return blp.doc(parameters=[PARAMETER])(wrapper)
    return decorator


def _once(key: str, run):
    runtime = current_runtime()
    table = runtime.metadata.tables["idempotency_keys"]
    where = (table.c.owner == _owner()) & (table.c.idempotency_key == key)
    fingerprint = _fingerprint()
    try:
        with runtime.engine.begin() as conn:
            conn.execute(insert(table).values(
                owner=_owner(), idempotency_key=key, request_hash=fingerprint,
                response_status=PENDING, response_body="", created_at=utcnow()))
    except IntegrityError:
        with runtime.engine.connect() as conn:
            stored = conn.execute(select(table).where(where)).first()
        if stored is None:  # released by a first attempt that failed just now
            abort(409, message="A request with this Idempotency-Key just failed; send it again.")
        return _replay(stored, fingerprint)
    try:
        response = run()
    except BaseException:
        _release(runtime, table, where)
        raise
    response = current_app.make_response(response)
    if response.status_code >= 400:
        _release(runtime, table, where)
        return response
    with runtime.engine.begin() as conn:
        conn.execute(update(table).where(where).values(
            response_status=response.status_code, response_body=response.get_data(as_text=True),
            location=response.headers.get("Location")))
    return response


def _release(runtime, table, where) -> None:
    with runtime.engine.begin() as conn:
        conn.execute(delete(table).where(where))


def _replay(stored, fingerprint: str):
    if stored.request_hash != fingerprint:
        message = "This Idempotency-Key was already used for a different request."
        abort(409, message=message, errors={HEADER: [message]})
    if stored.response_status == PENDING:
        response = current_app.response_class(json.dumps({
            "code": 409, "status": "Conflict", "errors": {},
            "message": "The first request with this Idempotency-Key is still in progress."}),
            status=409, mimetype="application/json")
        response.headers["Retry-After"] = "1"
        return response
    response = current_app.response_class(stored.response_body, status=stored.response_status,
                                          mimetype="application/json")
    if stored.location:
        response.headers["Location"] = stored.location
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _owner() -> str:
    principal = current_principal()
    if principal.board_id:
        return f"board:{principal.board_id}"
    return f"partner:{principal.partner_id}" if principal.partner_id else f"key:{principal.key_id}"


def _fingerprint() -> str:
    """Method, path and the JSON body in canonical form: key order and spacing do not matter."""
    canonical = json.dumps([request.method, request.path, request.get_json(silent=True)],
                           sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
