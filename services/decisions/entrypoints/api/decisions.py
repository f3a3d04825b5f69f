"""POST /v1/decisions (a draft), GET /v1/decisions and GET /v1/decisions/<id>, for boards."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from services.common.web.auth import authorized, current_principal
from services.common.web.idempotency import idempotent_create
from services.common.web.pagination import PageArgs, by_fields, keyset_page, page_schema
from services.common.web.runtime import current_runtime
from services.common.contracts.events.common import INFLUENCES, PROGRESS_STATUSES
from services.decisions.domain.rules import date_problems
from services.decisions.entrypoints.api.errors import answers
from services.decisions.entrypoints.api.text import text
from services.decisions.service_layer.decisions import delete_draft, record_decision, update_draft
from services.decisions.service_layer.queries import (
    count_decisions, describe_decision, get_decision, list_decisions,
)

blp = Blueprint("decisions", __name__, url_prefix="/v1/decisions",
                description="A board's decisions, the input each cites and how it was used.")


class DecisionIn(Schema):
    programme = text(200)
    title = text(200)
    summary = text(5000)
    rationale = text(10000)
    decided_on = fields.Date(required=True, metadata={"description": "Not in the future"})
    review_on = fields.Date(load_default=None, allow_none=True,
                            metadata={"description": "After decided_on"})

    @validates_schema
    def dates_add_up(self, data, **_kwargs):
        problems = date_problems(data["decided_on"], data.get("review_on"))
        if problems:
            raise ValidationError(problems)


class DecisionPatchIn(Schema):
    """Only the fields given change; the dates are checked together with the stored ones."""
    programme = text(200, required=False)
    title = text(200, required=False)
    summary = text(5000, required=False)
    rationale = text(10000, required=False)
    decided_on = fields.Date(metadata={"description": "Not in the future"})
    review_on = fields.Date(allow_none=True, metadata={"description": "After decided_on; null clears it"})


class LinkOut(Schema):
    input_id = fields.String(required=True)
    influence = fields.String(required=True, validate=validate.OneOf(INFLUENCES))
    explanation = fields.String(required=True)
    linked_at = fields.AwareDateTime(required=True)
    input_withdrawn = fields.Boolean(required=True, metadata={
        "description": "Withdrawn since it was cited: kept in this record, never made public again"})


class RevisionLinkOut(Schema):
    input_id = fields.String(required=True)
    influence = fields.String(required=True)
    explanation = fields.String(required=True)


class CorrectionOut(Schema):
    field = fields.String(required=True, metadata={"description": "title, summary or rationale"})
    before = fields.String(required=True)
    after = fields.String(required=True)


class RevisionOut(Schema):
    number = fields.Integer(required=True, data_key="revision")
    reason = fields.String(required=True, allow_none=True, metadata={"description": "null for revision 1"})
    created_at = fields.AwareDateTime(required=True)
    no_input_considered = fields.Boolean(required=True)
    changed_input_ids = fields.List(fields.String(), required=True)
    links = fields.List(fields.Nested(RevisionLinkOut), required=True,
                        metadata={"description": "The complete link set of this revision"})
    corrections = fields.List(fields.Nested(CorrectionOut), required=True,
                              metadata={"description": "The wording this revision corrected"})


class ProgressOut(Schema):
    entry_id = fields.String(required=True)
    sequence = fields.Integer(required=True)
    status = fields.String(required=True, validate=validate.OneOf(PROGRESS_STATUSES))
    previous_status = fields.String(required=True, allow_none=True)
    percent = fields.Integer(required=True)
    note = fields.String(required=True)
    recorded_at = fields.AwareDateTime(required=True)


class CurrentProgressOut(Schema):
    status = fields.String(required=True)
    percent = fields.Integer(required=True)


class DecisionSummaryOut(Schema):
    decision_id = fields.String(required=True)
    board_id = fields.String(required=True)
    programme = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    rationale = fields.String(required=True)
    decided_on = fields.Date(required=True)
    review_on = fields.Date(required=True, allow_none=True)
    status = fields.String(required=True, metadata={"description": "draft or published"})
    no_input_considered = fields.Boolean(required=True)
    revision = fields.Integer(required=True, metadata={"description": "0 while a draft"})
    created_at = fields.AwareDateTime(required=True)
    published_at = fields.AwareDateTime(required=True, allow_none=True)


class DecisionListItemOut(DecisionSummaryOut):
    link_count = fields.Integer(required=True)


class DecisionOut(DecisionSummaryOut):
    public_url = fields.String(required=True, allow_none=True)
    progress = fields.Nested(CurrentProgressOut, required=True, allow_none=True)
    links = fields.List(fields.Nested(LinkOut), required=True)
    revisions = fields.List(fields.Nested(RevisionOut), required=True)
    timeline = fields.List(fields.Nested(ProgressOut), required=True)


class DecisionListArgs(PageArgs):
    programme = fields.String(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(("draft", "published")))


def board_id() -> str:
    return current_principal().board_id


def base_url() -> str:
    return current_runtime().settings.public_base_url


@blp.route("")
class Decisions(MethodView):
    @authorized(blp, "board")
    @idempotent_create(blp)
    @blp.arguments(DecisionIn)
    @blp.response(201, DecisionOut)
    @answers(blp, 404, 422)
    def post(self, body):
        """Record a decision as a draft; cite input with POST /v1/decisions/<id>/links."""
        with current_runtime().uow_factory() as uow:
            decision = record_decision(uow, board_id(), **body)
            return describe_decision(uow, decision, base_url())

    @authorized(blp, "board")
    @blp.arguments(DecisionListArgs, location="query", unknown=RAISE)
    @blp.response(200, page_schema(DecisionListItemOut, "DecisionPageOut", total=True))
    def get(self, args):
        """The board's decisions, newest first."""
        with current_runtime().uow_factory() as uow:
            return keyset_page(args, lambda after, limit: list_decisions(
                uow, board_id(), programme=args["programme"], status=args["status"], after=after, limit=limit),
                by_fields("created_at", "decision_id"),
                total=lambda: count_decisions(uow, board_id(), programme=args["programme"], status=args["status"]))


@blp.route("/<uuid:decision_id>")
class DecisionById(MethodView):
    @authorized(blp, "board")
    @blp.response(200, DecisionOut)
    @answers(blp, 404)
    def get(self, decision_id):
        """The decision with its current links, every revision and the progress timeline."""
        with current_runtime().uow_factory() as uow:
            return get_decision(uow, board_id(), str(decision_id), base_url())

    @authorized(blp, "board")
    @blp.arguments(DecisionPatchIn)
    @blp.response(200, DecisionOut)
    @answers(blp, 404, 409, 422)
    def patch(self, body, decision_id):
        """Edit a draft's wording or dates (409 once published: record a revision instead)."""
        with current_runtime().uow_factory() as uow:
            decision = update_draft(uow, board_id(), str(decision_id), body)
            return describe_decision(uow, decision, base_url())

    @authorized(blp, "board")
    @blp.response(204)
    @answers(blp, 404, 409)
    def delete(self, decision_id):
        """Delete a draft and its links (409 once published: a public record stays)."""
        with current_runtime().uow_factory() as uow:
            delete_draft(uow, board_id(), str(decision_id))
