"""GET /v1/whoami: which role and organisation the presented key belongs to."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.common.web.auth import authorized, current_principal

blp = Blueprint("whoami", __name__, url_prefix="/v1", description="The caller's own key")


class WhoAmIOut(Schema):
    key_id = fields.String(required=True)
    role = fields.String(required=True)
    partner_id = fields.String(allow_none=True, required=True)
    board_id = fields.String(allow_none=True, required=True)


@blp.route("/whoami")
@authorized(blp, "admin", "partner", "board")
@blp.response(200, WhoAmIOut)
def whoami():
    return current_principal()
