"""GET /v1/programmes: the programmes intake knows, so a partner can see what it may submit to.
Decisions registers programmes; each reaches intake a moment later on decisions.programmes.v1."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from services.common.web.pagination import PageArgs, keyset_page, page_schema
from services.common.web.runtime import current_runtime
from services.intake.service_layer.programmes import count_programmes, list_programmes

blp = Blueprint("programmes", __name__, url_prefix="/v1/programmes",
                description="The programmes input may name (public, no key)")


class KnownProgrammeOut(Schema):
    programme_id = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "Write it exactly as the input's programme"})
    status = fields.String(required=True, metadata={"description": "open, or closed to new input"})
    shared_decision_stage = fields.String(required=True, allow_none=True, metadata={
        "description": "The stage at which the programme's contributors shared decision-making: "
                       "its input may claim co-production without naming a stage itself"})
    updated_at = fields.AwareDateTime(required=True)


@blp.route("")
class Programmes(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(KnownProgrammeOut, "KnownProgrammePage", total=True))
    def get(self, args):
        """The programmes intake has heard of, by when they last changed (public)"""
        with current_runtime().uow_factory() as uow:
            return keyset_page(args, lambda after, limit: list_programmes(uow, after, limit),
                               lambda found: (found.updated_at, found.programme_id),
                               total=lambda: count_programmes(uow))
