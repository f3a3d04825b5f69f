"""Idempotency-Key on POST: a retry with the same key and body gets the first response again and
creates nothing; the same key with another request is 409.

The first response is stored in the same transaction as what it created, so either both exist or
neither does. Keys are scoped to the partner (or, for an admin, the key) that sent them. Stored
responses are forgotten after HEARD_IDEMPOTENCY_TTL_HOURS (24 by default). A response holding
contact details is stored as a reference and rebuilt from the record on replay, so an erased
person's address is not kept here and not replayed.
"""
from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from flask import current_app, request
from flask_smorest import abort
from marshmallow import Schema, fields, validate
from sqlalchemy.exc import IntegrityError

from services.common.db.types import utcnow
from services.common.web.auth import current_principal
from services.common.web.runtime import current_runtime
from services.intake.adapters.repositories import StoredResponse
from services.intake.entrypoints.api.service_errors import answers

HEADER = "Idempotency-Key"


class IdempotencyKeyIn(Schema):
    idempotency_key = fields.String(
        data_key=HEADER, load_default=None, validate=validate.Length(min=1, max=200),
        metadata={"description": "Any unique string per intended request (a UUID is good). A retry "
                                 "with the same key and body returns the first response."})


def idempotent_post(blp):
    """Reads and documents the header; the view receives it as `idempotency_key`."""
    def decorator(view):
        view = blp.arguments(IdempotencyKeyIn(), location="headers", as_kwargs=True)(view)
        return answers(blp, 409)(view)
    return decorator


def respond_once(idempotency_key: str | None, action: Callable, schema: type[Schema],
                 status: int = 201, location: Callable | None = None,
                 reference: Callable | None = None, replay: Callable | None = None):
    """Run `action(uow)` in one unit of work and answer with `schema`; replay if already done.

    With `reference(result) -> dict` and `replay(uow, reference) -> result`, only the reference
    is stored and a replay answers with the record as it is now (erased details stay erased).
    """
    owner = _owner()
    fingerprint = _fingerprint() if idempotency_key else None
    runtime = current_runtime()
    rebuild = (lambda uow, stored: schema().dump(replay(uow, json.loads(stored)))) if replay else None
    try:
        with runtime.uow_factory() as uow:
            stored = idempotency_key and _stored(uow, owner, idempotency_key, runtime.settings)
            if stored:
                return _replay(stored, fingerprint, uow, rebuild)
            with uow.commit_deferred():  # the use case's commit waits for the stored response
                result = action(uow)
            body = json.dumps(_dumper(schema).dump(result))
            where = location(result) if location else None
            if idempotency_key:
                kept = json.dumps(reference(result)) if reference else body
                uow.idempotency.add(StoredResponse(owner, idempotency_key, fingerprint, status,
                                                   kept, where, utcnow()))
            uow.commit()
    except IntegrityError:
        if not idempotency_key:
            raise
        # the same key raced in on another connection and committed first
        with runtime.uow_factory() as uow:
            stored = uow.idempotency.get(owner, idempotency_key)
            if stored is None:
                raise
            return _replay(stored, fingerprint, uow, rebuild)
    return _response(body, status, where)


@functools.cache
def _dumper(schema: type[Schema]) -> Schema:
    # one instance per schema: building one copies every field, which showed in the profile
    return schema()


def _stored(uow, owner: str, idempotency_key: str, settings) -> StoredResponse | None:
    """The stored response, once expired ones are forgotten (in this same transaction)."""
    uow.idempotency.delete_older_than(utcnow() - timedelta(hours=settings.idempotency_ttl_hours))
    return uow.idempotency.get(owner, idempotency_key)


def _replay(stored: StoredResponse, fingerprint: str, uow, rebuild: Callable | None):
    if stored.request_hash != fingerprint:
        message = "This Idempotency-Key was already used for a different request."
        abort(409, message=message, errors={HEADER: [message]})
    body = json.dumps(rebuild(uow, stored.body)) if rebuild else stored.body
    response = _response(body, stored.status, stored.location)
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _response(body: str, status: int, location: str | None):
    response = current_app.response_class(body, status=status, mimetype="application/json")
    if location:
        response.headers["Location"] = location
    return response


def _owner() -> str:
    principal = current_principal()
    return f"partner:{principal.partner_id}" if principal.partner_id else f"key:{principal.key_id}"


def _fingerprint() -> str:
    """Method, path and the JSON body in canonical form: key order and spacing do not matter."""
    body = request.get_json(silent=True)
    canonical = json.dumps([request.method, request.path, body], sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
