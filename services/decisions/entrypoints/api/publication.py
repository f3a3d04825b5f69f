"""POST /v1/decisions/<id>/publish and POST /v1/decisions/<id>/revisions."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from services.common.web.auth import authorized
from services.common.web.idempotency import idempotent_create
from services.common.web.runtime import current_runtime
from services.decisions.domain.rules import MAX_BULK_LINKS
from services.decisions.entrypoints.api.decisions import DecisionOut, base_url, board_id
from services.decisions.entrypoints.api.errors import answers
from services.decisions.entrypoints.api.links import InfluenceIn
from services.decisions.entrypoints.api.text import text
from services.decisions.service_layer.publishing import publish_decision, revise_outcome
from services.decisions.service_layer.queries import describe_decision

blp = Blueprint("publication", __name__, url_prefix="/v1/decisions",
                description="Making a decision public, and revising it in the open afterwards.")

NO_INPUT_HELP = ("Say true to publish a decision that cites no input: "
                 "that no input was considered is itself on the record")


class PublishIn(Schema):
    no_input_considered = fields.Boolean(load_default=False, metadata={"description": NO_INPUT_HELP})


class RevisionLinkIn(InfluenceIn):
    input_id = fields.UUID(required=True)


WORDING_HELP = ("A correction of the published wording, as it should read; public, with what it "
                "said before. A revision that only corrects wording emails nobody")


class RevisionIn(Schema):
    reason = text(2000, metadata={"description": "Why the record changes; public"})
    title = text(200, required=False, metadata={"description": WORDING_HELP})
    summary = text(5000, required=False, metadata={"description": WORDING_HELP})
    rationale = text(10000, required=False, metadata={"description": WORDING_HELP})
    links = fields.List(fields.Nested(RevisionLinkIn), load_default=list,
                        validate=validate.Length(max=MAX_BULK_LINKS),
                        metadata={"description": "Links added or changed by this revision"})
    remove_input_ids = fields.List(fields.UUID(), load_default=list,
                                   validate=validate.Length(max=MAX_BULK_LINKS))
    no_input_considered = fields.Boolean(load_default=False, metadata={"description": NO_INPUT_HELP})


@blp.route("/<uuid:decision_id>/publish")
class Publish(MethodView):
    @authorized(blp, "board")
    @blp.arguments(PublishIn)
    @blp.response(200, DecisionOut)
    @answers(blp, 404, 422)
    def post(self, body, decision_id):
        """Make the decision and its links public as revision 1. Publishing again changes
        nothing and returns the decision as it is."""
        with current_runtime().uow_factory() as uow:
            decision = publish_decision(uow, board_id(), str(decision_id),
                                        no_input_considered=body["no_input_considered"],
                                        public_base_url=base_url())
            return describe_decision(uow, decision, base_url())


@blp.route("/<uuid:decision_id>/revisions")
class Revisions(MethodView):
    @authorized(blp, "board")
    @idempotent_create(blp)
    @blp.arguments(RevisionIn)
    @blp.response(201, DecisionOut)
    @answers(blp, 404, 409, 422)
    def post(self, body, decision_id):
        """Change, add or remove links of a published decision, or correct its title, summary or
        rationale, as a new revision with a reason. Earlier revisions stay readable in
        GET /v1/decisions/<id>. Contributors are emailed when links change, not for a correction
        of wording alone."""
        links = [{**item, "input_id": str(item["input_id"])} for item in body["links"]]
        wording = {name: body[name] for name in ("title", "summary", "rationale") if name in body}
        with current_runtime().uow_factory() as uow:
            decision = revise_outcome(
                uow, board_id(), str(decision_id), reason=body["reason"], links=links,
                remove_input_ids=[str(i) for i in body["remove_input_ids"]],
                no_input_considered=body["no_input_considered"], public_base_url=base_url(),
                wording=wording)
            return describe_decision(uow, decision, base_url())
