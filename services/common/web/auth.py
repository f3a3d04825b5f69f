"""Bearer-key authentication for views: `@authorized(blp, "admin", "partner")`."""
from __future__ import annotations

import functools

from flask import g, request
from flask_smorest import abort

from services.common import audit
from services.common.auth.keys import Principal
from services.common.auth.lifecycle import record_key_use, use_worth_recording
from services.common.auth.store import find_principal
from services.common.db.engine import read_connection
from services.common.web.errors import ErrorOut
from services.common.web.runtime import current_runtime


def current_principal() -> Principal:
    return g.principal


def authenticate() -> Principal:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        abort(401, message="Send your API key as 'Authorization: Bearer <key>'.",
              headers={"WWW-Authenticate": "Bearer"})
    runtime = current_runtime()
    with read_connection(runtime.engine) as conn:
        principal = find_principal(conn, runtime.api_keys_table, secret.strip())
    if principal is None:
        abort(401, message="This API key is unknown, revoked or expired.",
              headers={"WWW-Authenticate": "Bearer"})
    if use_worth_recording(principal):
        with audit.unaudited(), runtime.uow_factory() as uow:
            record_key_use(uow, principal)
    return principal


def authorized(blp, *roles: str):
    """Require a key with one of `roles`; documents 401 and 403 on the operation."""
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            principal = authenticate()
            if principal.role not in roles:
                abort(403, message=f"This needs a key with the role {' or '.join(roles)}.")
            g.principal = principal
            return view(*args, **kwargs)
        wrapper = blp.alt_response(401, schema=ErrorOut, description="No key, or an unknown or revoked key")(wrapper)
        wrapper = blp.alt_response(403, schema=ErrorOut, description="The key's role may not do this")(wrapper)
        return blp.doc(security=[{"bearerAuth": []}])(wrapper)
    return decorator
