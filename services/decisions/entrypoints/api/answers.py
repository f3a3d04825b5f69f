"""GET /v1/decisions/{id}/answers: how many people feel their input was used honestly."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.common.web.auth import authorized, current_principal
from services.common.web.runtime import current_runtime
from services.decisions.entrypoints.api.errors import answers
from services.decisions.service_layer.answers import decision_answers

blp = Blueprint("answers", __name__, url_prefix="/v1/decisions",
                description="Contributors' answers about how their input was used: counts only, "
                            "never who answered or what they wrote (that is for their partner).")


class CountsOut(Schema):
    answered = fields.Integer(required=True)
    yes = fields.Integer(required=True)
    partly = fields.Integer(required=True)
    no = fields.Integer(required=True)


class AnswersOut(Schema):
    decision_id = fields.String(required=True)
    minimum_group = fields.Integer(required=True, metadata={
        "description": "Counts are shown only when at least this many people answered"})
    counts = fields.Nested(CountsOut, required=True, allow_none=True, metadata={
        "description": "null while fewer than minimum_group people have answered"})


@blp.route("/<uuid:decision_id>/answers")
@authorized(blp, "board")
@blp.response(200, AnswersOut)
@answers(blp, 404)
def answer_counts(decision_id):
    """Answer counts for one of the board's decisions"""
    with current_runtime().uow_factory() as uow:
        return decision_answers(uow, current_principal().board_id, str(decision_id))
