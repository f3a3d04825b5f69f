"""POST /v1/decisions/<id>/links (one input, or many answered alike) and DELETE of a link."""
from __future__ import annotations

from dataclasses import asdict

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.common.web.auth import authorized
from services.common.web.idempotency import idempotent_create
from services.common.web.runtime import current_runtime
from services.common.contracts.events.common import INFLUENCES
from services.decisions.domain.rules import MAX_BULK_LINKS, explanation_problems
from services.decisions.entrypoints.api.decisions import LinkOut, board_id
from services.decisions.entrypoints.api.errors import answers
from services.decisions.service_layer.decisions import link_inputs, unlink_input

blp = Blueprint("links", __name__, url_prefix="/v1/decisions",
                description="Which input a draft decision cites, and how each was used.")

EXPLANATION_HELP = ("Written for the contributor, in plain text: at least 20 characters for "
                    "adapted and not_adopted, at most 5000")


class InfluenceIn(Schema):
    influence = fields.String(required=True, validate=validate.OneOf(INFLUENCES))
    explanation = fields.String(required=True, metadata={"description": EXPLANATION_HELP})

    @validates_schema
    def explanation_fits(self, data, **_kwargs):
        problems = explanation_problems(data["influence"], data["explanation"])
        if problems:
            raise ValidationError({"explanation": problems})


class LinksIn(InfluenceIn):
    input_id = fields.UUID(metadata={"description": "One input; or give input_ids"})
    input_ids = fields.List(fields.UUID(), validate=validate.Length(min=1, max=MAX_BULK_LINKS),
                            metadata={"description": "Many inputs answered alike (all or nothing)"})

    @validates_schema
    def one_form(self, data, **_kwargs):
        if ("input_id" in data) == ("input_ids" in data):
            raise ValidationError({"input_id": ["Give input_id or input_ids, not both or neither."]})


class LinksOut(Schema):
    decision_id = fields.String(required=True)
    links = fields.List(fields.Nested(LinkOut), required=True, metadata={"description": "As written"})


@blp.route("/<uuid:decision_id>/links")
class Links(MethodView):
    @authorized(blp, "board")
    @idempotent_create(blp)
    @blp.arguments(LinksIn)
    @blp.response(201, LinksOut)
    @answers(blp, 404, 409, 422)
    def post(self, body, decision_id):
        """Cite input in a draft. Citing an input again replaces its link. Unknown or withdrawn
        input is refused, naming each id; after publication, record a revision instead (409)."""
        single = "input_id" in body
        ids = [str(body["input_id"])] if single else [str(i) for i in body["input_ids"]]
        with current_runtime().uow_factory() as uow:
            links = link_inputs(uow, board_id(), str(decision_id), input_ids=ids,
                                influence=body["influence"], explanation=body["explanation"],
                                field="input_id" if single else "input_ids")
        return {"decision_id": str(decision_id),
                "links": [{**asdict(link), "input_withdrawn": False} for link in links]}


@blp.route("/<uuid:decision_id>/links/<uuid:input_id>")
class LinkById(MethodView):
    @authorized(blp, "board")
    @blp.response(204)
    @answers(blp, 404, 409)
    def delete(self, decision_id, input_id):
        """Remove a link while the decision is a draft (409 once published)."""
        with current_runtime().uow_factory() as uow:
            unlink_input(uow, board_id(), str(decision_id), str(input_id))
