"""/v1/inputs/{id}/outcome: what became of an input, so a partner can tell its contributor."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.common.web.auth import authorized
from services.common.web.runtime import current_runtime
from services.intake.domain.outcomes import SENT
from services.intake.entrypoints.api.access import partner_scope
from services.intake.entrypoints.api.service_errors import answers
from services.intake.service_layer.inputs import outcomes_of

blp = Blueprint("outcomes", __name__, url_prefix="/v1/inputs",
                description="The decisions that cite an input, how it was used, and whether its "
                            "contributor has been told")


class NotificationOut(Schema):
    status = fields.String(required=True, metadata={
        "enum": ["pending", "sent", "failed", "suppressed"],
        "description": "The latest notification about this decision to this input's contributor"})
    at = fields.AwareDateTime(allow_none=True, required=True)
    reason = fields.String(allow_none=True, required=True, metadata={
        "description": "Why nobody was emailed (suppressed): no_consent, no_email, "
                       "unsubscribed, erased"})


class DecisionOutcomeOut(Schema):
    decision_id = fields.String(required=True)
    decision_title = fields.String(required=True)
    board_id = fields.String(required=True)
    board_name = fields.String(required=True)
    influence = fields.String(required=True, metadata={
        "enum": ["adopted", "adapted", "not_adopted", "noted"]})
    explanation = fields.String(required=True, metadata={"description": "Written for the contributor"})
    decided_on = fields.Date(required=True)
    published_at = fields.AwareDateTime(allow_none=True, required=True)
    revised_at = fields.AwareDateTime(allow_none=True, required=True)
    revision = fields.Integer(required=True)
    public_url = fields.String(required=True)
    contributor_told = fields.Boolean(required=True)
    told_at = fields.AwareDateTime(allow_none=True, required=True)
    notification = fields.Nested(NotificationOut, required=True)


class InputOutcomeOut(Schema):
    input_id = fields.String(required=True)
    status = fields.String(required=True)
    decisions = fields.List(fields.Nested(DecisionOutcomeOut), required=True)


@blp.route("/<uuid:input_id>/outcome")
@authorized(blp, "admin", "partner")
@blp.response(200, InputOutcomeOut)
@answers(blp, 404)
def outcome(input_id):
    """The decisions that cite this input and whether the contributor has been told"""
    with current_runtime().uow_factory() as uow:
        input_, found = outcomes_of(uow, str(input_id), partner_scope())
    return {"input_id": input_.input_id, "status": input_.status,
            "decisions": [_decision(o) for o in found]}


def _decision(outcome) -> dict:
    facts = outcome.facts
    return {"decision_id": outcome.decision_id, "decision_title": facts.title,
            "board_id": facts.board_id, "board_name": facts.board_name,
            "influence": outcome.influence, "explanation": outcome.explanation,
            "decided_on": facts.decided_on, "published_at": facts.published_at,
            "revised_at": facts.revised_at, "revision": facts.revision,
            "public_url": facts.public_url, "contributor_told": outcome.told_at is not None,
            "told_at": outcome.told_at,
            "notification": {"status": outcome.notification_status, "at": outcome.notification_at,
                             "reason": outcome.notification_detail if
                             outcome.notification_status != SENT else None}}
