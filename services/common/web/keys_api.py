"""/v1/keys: listing on every service; issue, rotate and revoke on the services that issue keys."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask_smorest import Blueprint, abort
from marshmallow import Schema, ValidationError, fields, validate, validates

from services.common.auth.keys import ROLES
from services.common.auth.lifecycle import PROPAGATION, count_keys, list_keys, rotate_key
from services.common.auth.store import issue_key, revoke_key
from services.common.db.engine import read_connection
from services.common.db.types import utcnow
from services.common.web.auth import authorized, current_principal
from services.common.web.errors import ErrorOut
from services.common.web.pagination import PageArgs, by_fields, keyset_page, page_schema
from services.common.web.runtime import current_runtime
from services.common.web.service_errors import error_answers

answers = error_answers({404: "No such key issued by this service",
                         409: "The key is already revoked or expired"})
MAX_OVERLAP_HOURS = 24 * 30


class KeyIn(Schema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    partner_id = fields.UUID(load_default=None)
    board_id = fields.UUID(load_default=None)
    label = fields.String(load_default="", validate=validate.Length(max=200))
    expires_at = fields.AwareDateTime(load_default=None, metadata={
        "description": "When the key stops working everywhere; leave out for a key that never expires"})

    @validates("expires_at")
    def _in_the_future(self, value, **_kwargs) -> None:
        if value is not None and value <= utcnow():
            raise ValidationError("Must be in the future.")


class RotateIn(Schema):
    overlap_hours = fields.Integer(load_default=24, validate=validate.Range(min=0, max=MAX_OVERLAP_HOURS),
                                   metadata={"description": "How long the old key keeps working"})


class KeyListArgs(PageArgs):
    issued_by = fields.String(load_default=None, validate=validate.OneOf(("intake", "decisions")),
                              metadata={"description": "Admin only: keys issued by this service"})


class KeyOut(Schema):
    key_id = fields.String(required=True)
    role = fields.String(required=True)
    partner_id = fields.String(allow_none=True)
    board_id = fields.String(allow_none=True)
    label = fields.String()
    issued_by = fields.String()
    created_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)
    expires_at = fields.AwareDateTime(allow_none=True)
    last_used_at = fields.AwareDateTime(allow_none=True, metadata={
        "description": "Last request with this key that this service saw (to the minute)"})


class NewKeyOut(KeyOut):
    key = fields.String(required=True, metadata={"description": "The key itself. Shown only once."})
    reaches_other_services = fields.String(required=True, metadata={
        "description": "How long the key takes to work on the other services"})


class RotatedKeyOut(NewKeyOut):
    old_key = fields.Nested(KeyOut, required=True, metadata={
        "description": "The rotated key: it works until its expires_at"})


KeyPage = page_schema(KeyOut, "KeyPage", total=True)


def make_keys_blueprint(issuable_roles: tuple[str, ...] = (),
                        owner_exists: Callable[[object, str, str], bool] | None = None) -> Blueprint:
    """`owner_exists(uow, field, id)` says whether the partner or board a key is for exists here.
    Without issuable roles the blueprint only lists keys (notify)."""
    blp = Blueprint("keys", __name__, url_prefix="/v1/keys",
                    description="API keys. A key works on every service its role uses.")

    @blp.route("", methods=["GET"])
    @authorized(blp, "admin", "partner", "board")
    @blp.arguments(KeyListArgs, location="query")
    @blp.response(200, KeyPage)
    def keys(args):
        """Keys known to this service, without secrets: an admin sees all, others their own"""
        principal = current_principal()
        if args["issued_by"] is not None and principal.role != "admin":
            abort(403, message="Only an admin may list keys by issuer.")
        runtime = current_runtime()

        scope = {"issued_by": args["issued_by"]} if principal.role == "admin" else {
            "partner_id": principal.partner_id, "board_id": principal.board_id}
        table = runtime.api_keys_table
        with read_connection(runtime.engine) as conn:
            return keyset_page(args, lambda after, limit: list_keys(conn, table, after, limit, **scope),
                               by_fields("created_at", "key_id"), total=lambda: count_keys(conn, table, **scope))

    if issuable_roles:
        _add_issuing(blp, issuable_roles, owner_exists)
    return blp


def _add_issuing(blp: Blueprint, issuable_roles: tuple[str, ...], owner_exists) -> None:
    @blp.route("", methods=["POST"])
    @authorized(blp, "admin")
    @blp.arguments(KeyIn)
    @blp.response(201, NewKeyOut)
    @blp.alt_response(413, schema=ErrorOut, description="The request body is over 1 MiB")
    def create_key(body):
        """Issue a key (admin only); the answer says how long it takes to reach the other services"""
        role = body["role"]
        if role not in issuable_roles:
            abort(422, errors={"role": [f"This service issues {', '.join(issuable_roles)} keys."]})
        owner_field = {"partner": "partner_id", "board": "board_id"}.get(role)
        for field in ("partner_id", "board_id"):
            if field != owner_field and body[field] is not None:
                abort(422, errors={field: [f"A {role} key has no {field}."]})
        with current_runtime().uow_factory() as uow:
            if owner_field:
                owner_id = body[owner_field]
                if owner_id is None:
                    abort(422, errors={owner_field: [f"A {role} key needs {owner_field}."]})
                if not owner_exists(uow, owner_field, str(owner_id)):
                    abort(422, errors={owner_field: [f"No such {role}."]})
            new_key, record = issue_key(
                uow, role=role, label=body["label"], expires_at=body["expires_at"],
                partner_id=str(body["partner_id"]) if body["partner_id"] else None,
                board_id=str(body["board_id"]) if body["board_id"] else None)
            uow.commit()
        return {**record, "issued_by": uow.producer, "key": new_key.secret,
                "reaches_other_services": PROPAGATION}

    @blp.route("/<uuid:key_id>/rotate", methods=["POST"])
    @authorized(blp, "admin")
    @blp.arguments(RotateIn)
    @blp.response(201, RotatedKeyOut)
    @answers(blp, 404, 409)
    def rotate(body, key_id):
        """A new key for the same owner; the old one keeps working for overlap_hours (admin only)"""
        with current_runtime().uow_factory() as uow:
            new_key, record, old = rotate_key(uow, str(key_id), timedelta(hours=body["overlap_hours"]))
            uow.commit()
        return {**record, "issued_by": uow.producer, "key": new_key.secret,
                "reaches_other_services": PROPAGATION, "old_key": {**old, "issued_by": uow.producer}}

    @blp.route("/<uuid:key_id>", methods=["DELETE"])
    @authorized(blp, "admin")
    @blp.response(200, KeyOut)
    @blp.alt_response(404, schema=ErrorOut, description="No such key issued by this service")
    def revoke(key_id):
        """Revoke a key this service issued (admin only)"""
        with current_runtime().uow_factory() as uow:
            record = revoke_key(uow, str(key_id))
            if record is None:
                abort(404, message="No such key issued by this service.")
            uow.commit()
        return {**record, "issued_by": uow.producer}
