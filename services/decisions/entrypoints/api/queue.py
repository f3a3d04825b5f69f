"""GET /v1/queue: input the board has yet to answer, oldest first."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from services.common.db.types import utcnow
from services.common.web.auth import authorized
from services.common.web.pagination import PageArgs, by_fields, keyset_page, page_schema
from services.common.web.runtime import current_runtime
from services.decisions.adapters.views import QueueFilters
from services.common.contracts.events.common import PARTICIPATION_LEVELS
from services.decisions.entrypoints.api.decisions import board_id
from services.decisions.entrypoints.api.errors import answers
from services.decisions.service_layer.queries import board_queue, board_queue_total

blp = Blueprint("queue", __name__, url_prefix="/v1",
                description="The board's queue: visible input with no published outcome yet.")


class QueueArgs(PageArgs):
    programme = fields.String(load_default=None)
    topic = fields.String(load_default=None)
    participation_level = fields.String(load_default=None,
                                        validate=validate.OneOf(PARTICIPATION_LEVELS))
    older_than_days = fields.Integer(load_default=None, validate=validate.Range(min=0, max=36500))
    partner_id = fields.UUID(load_default=None)
    q = fields.String(load_default=None, validate=validate.Length(max=200),
                      metadata={"description": "Words the summary contains, in any case"})


class QueueItemOut(Schema):
    input_id = fields.String(required=True)
    partner_id = fields.String(required=True)
    partner_name = fields.String(required=True, allow_none=True)
    programme = fields.String(required=True)
    topics = fields.List(fields.String(), required=True)
    summary = fields.String(required=True)
    body = fields.String(required=True, allow_none=True)
    engagement_method = fields.String(required=True)
    participation_level = fields.String(required=True)
    gathered_on = fields.Date(required=True)
    submitted_at = fields.AwareDateTime(required=True)
    quote_anonymously = fields.Boolean(required=True)
    age_days = fields.Integer(required=True, metadata={"description": "Whole days since submission"})
    overdue = fields.Boolean(required=True, metadata={"description": "Older than outcome_due_days"})


@blp.route("/queue")
@authorized(blp, "board")
@blp.arguments(QueueArgs, location="query", unknown=RAISE)
@blp.response(200, page_schema(QueueItemOut, "QueuePageOut", total=True))
@answers(blp, 404)
def queue(args):
    """Input in the board's programmes that is not withdrawn and has no published outcome from
    any board, oldest first."""
    filters = QueueFilters(args["programme"], args["topic"], args["participation_level"],
                           args["older_than_days"],
                           str(args["partner_id"]) if args["partner_id"] else None, args["q"])
    now = utcnow()
    with current_runtime().uow_factory() as uow:
        return keyset_page(args, lambda after, limit: board_queue(uow, board_id(), filters, after, limit, now),
                           by_fields("submitted_at", "input_id"),
                           total=lambda: board_queue_total(uow, board_id(), filters, now))
