"""POST /v1/decisions/<id>/progress: implementation progress on a published decision."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from services.common.web.auth import authorized
from services.common.web.idempotency import idempotent_create
from services.common.web.runtime import current_runtime
from services.common.contracts.events.common import PROGRESS_STATUSES
from services.decisions.entrypoints.api.decisions import ProgressOut, base_url, board_id
from services.decisions.entrypoints.api.errors import answers
from services.decisions.service_layer.progress import record_progress

blp = Blueprint("progress", __name__, url_prefix="/v1/decisions",
                description="Implementation progress: each entry joins the decision's timeline.")


class ProgressIn(Schema):
    status = fields.String(required=True, validate=validate.OneOf(PROGRESS_STATUSES))
    percent = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=100))
    note = fields.String(load_default="", validate=validate.Length(max=2000), metadata={
        "description": "What happened; may be empty when the status or percent changed"})


@blp.route("/<uuid:decision_id>/progress")
class Progress(MethodView):
    @authorized(blp, "board")
    @idempotent_create(blp)
    @blp.arguments(ProgressIn)
    @blp.response(201, ProgressOut)
    @answers(blp, 404, 409, 422)
    def post(self, body, decision_id):
        """Add a timeline entry (409 while the decision is a draft). A change of status alone
        is news too; an entry that changes nothing and says nothing is refused."""
        with current_runtime().uow_factory() as uow:
            return record_progress(uow, board_id(), str(decision_id), public_base_url=base_url(),
                                   **body)
