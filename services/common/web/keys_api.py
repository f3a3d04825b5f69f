"""POST /v1/keys and DELETE /v1/keys/<id>, for the services that issue keys (admin only)."""
from __future__ import annotations

from collections.abc import Callable

from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.common.auth.keys import ROLES
from services.common.auth.store import issue_key, revoke_key
from services.common.web.auth import authorized
from services.common.web.errors import ErrorOut
from services.common.web.runtime import current_runtime


class KeyIn(Schema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    partner_id = fields.UUID(load_default=None)
    board_id = fields.UUID(load_default=None)
    label = fields.String(load_default="", validate=validate.Length(max=200))


class KeyOut(Schema):
    key_id = fields.String(required=True)
    role = fields.String(required=True)
    partner_id = fields.String(allow_none=True)
    board_id = fields.String(allow_none=True)
    label = fields.String()
    created_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)


class NewKeyOut(KeyOut):
    key = fields.String(required=True, metadata={"description": "The key itself. Shown only once."})


def make_keys_blueprint(issuable_roles: tuple[str, ...],
                        owner_exists: Callable[[object, str, str], bool]) -> Blueprint:
    """`owner_exists(uow, field, id)` says whether the partner or board a key is for exists here."""
    blp = Blueprint("keys", __name__, url_prefix="/v1/keys",
                    description="API keys. Admin only. A key works on every service its role uses.")

    @blp.route("", methods=["POST"])
    @authorized(blp, "admin")
    @blp.arguments(KeyIn)
    @blp.response(201, NewKeyOut)
    @blp.alt_response(413, schema=ErrorOut, description="The request body is over 1 MiB")
    def create_key(body):
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
                uow, role=role, label=body["label"],
                partner_id=str(body["partner_id"]) if body["partner_id"] else None,
                board_id=str(body["board_id"]) if body["board_id"] else None)
            uow.commit()
        return {**record, "key": new_key.secret}

    @blp.route("/<uuid:key_id>", methods=["DELETE"])
    @authorized(blp, "admin")
    @blp.response(200, KeyOut)
    @blp.alt_response(404, schema=ErrorOut, description="No such key issued by this service")
    def revoke(key_id):
        with current_runtime().uow_factory() as uow:
            record = revoke_key(uow, str(key_id))
            if record is None:
                abort(404, message="No such key issued by this service.")
            uow.commit()
        return record

    return blp
