"""Bearer-key authentication for views: `@authorized(blp, "admin", "partner")`.

A page meant for a person in a browser (`basic=True`, read-only pages only) also takes the key
as the password of HTTP Basic authentication, which every browser asks for itself, with no
JavaScript; a browser sends Basic credentials on its own, so such pages never change anything.
"""
from __future__ import annotations

import base64
import binascii
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


def authenticate(basic: bool = False) -> Principal:
    challenge = {"WWW-Authenticate": 'Basic realm="Heard", charset="UTF-8"' if basic else "Bearer"}
    secret = _secret(request.headers.get("Authorization", ""), basic)
    if not secret:
        abort(401, message="Send your API key as 'Authorization: Bearer <key>'"
                           + (", or as the password when your browser asks." if basic else "."),
              headers=challenge)
    runtime = current_runtime()
    with read_connection(runtime.engine) as conn:
        principal = find_principal(conn, runtime.api_keys_table, secret)
    if principal is None:
        abort(401, message="This API key is unknown, revoked or expired.", headers=challenge)
    if use_worth_recording(principal):
        with audit.unaudited(), runtime.uow_factory() as uow:
            record_key_use(uow, principal)
    return principal


def _secret(header: str, basic: bool) -> str:
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if basic and scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip(), validate=True).decode().partition(":")[2].strip()
        except (binascii.Error, UnicodeDecodeError):
            return ""
    return ""


def authorized(blp, *roles: str, basic: bool = False):
    """Require a key with one of `roles`; documents 401 and 403 on the operation. `basic`: see
    the module's docstring."""
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            principal = authenticate(basic)
            if principal.role not in roles:
                abort(403, message=f"This needs a key with the role {' or '.join(roles)}.")
            g.principal = principal
            return view(*args, **kwargs)
        wrapper = blp.alt_response(401, schema=ErrorOut, description="No key, or an unknown or revoked key")(wrapper)
        wrapper = blp.alt_response(403, schema=ErrorOut, description="The key's role may not do this")(wrapper)
        schemes = [{"bearerAuth": []}, {"basicAuth": []}] if basic else [{"bearerAuth": []}]
        return blp.doc(security=schemes)(wrapper)
    return decorator
