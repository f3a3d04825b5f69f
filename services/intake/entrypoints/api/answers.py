"""/v1/answers: what a partner's contributors said about how their input was used, and the
questions they asked. The partner's only: decisions and boards see counts, never these."""
from __future__ import annotations

from datetime import datetime

from flask_smorest import Blueprint, abort
from marshmallow import RAISE, Schema, fields

from services.common.web.auth import authorized
from services.common.web.pagination import PageArgs, decode_cursor, encode_cursor, page_schema
from services.common.web.runtime import current_runtime
from services.intake.entrypoints.api.access import calling_partner

blp = Blueprint("answers", __name__, url_prefix="/v1/answers",
                description="Contributors' answers (yes, partly, no) and their comments or "
                            "questions for the partner, oldest first.")


class AnswerOut(Schema):
    decision_id = fields.String(required=True)
    decision_title = fields.String(required=True, allow_none=True)
    contributor_id = fields.String(required=True)
    preferred_name = fields.String(required=True, allow_none=True)
    answer = fields.String(required=True, metadata={"enum": ["yes", "partly", "no"]})
    comment = fields.String(required=True, allow_none=True, metadata={
        "description": "A comment or question for you; screened for contact details"})
    answered_at = fields.AwareDateTime(required=True)


class AnswerArgs(PageArgs):
    questions = fields.Boolean(load_default=False, metadata={
        "description": "Only answers that came with a comment or question"})


@blp.route("")
@authorized(blp, "partner")
@blp.arguments(AnswerArgs, location="query", unknown=RAISE)
@blp.response(200, page_schema(AnswerOut, "AnswerPageOut"))
def list_answers(args):
    """This partner's contributors' answers and questions, by cursor"""
    limit = args["limit"]
    with current_runtime().uow_factory() as uow:
        rows = uow.answers.page(calling_partner(), _after(args["cursor"]), limit + 1,
                                questions_only=args["questions"])
    last = rows[limit - 1] if len(rows) > limit else None
    return {"items": [{k: row[k] for k in AnswerOut().fields} for row in rows[:limit]],
            "next_cursor": encode_cursor([last["answered_at"].isoformat(), last["decision_id"],
                                          last["contributor_id"]]) if last else None}


def _after(cursor: str | None) -> tuple[datetime, str, str] | None:
    values = decode_cursor(cursor)
    if values is None:
        return None
    try:
        moment, decision_id, contributor_id = values
        return datetime.fromisoformat(moment), str(decision_id), str(contributor_id)
    except (TypeError, ValueError):
        abort(422, message="The cursor is not one this API gave out.",
              errors={"cursor": ["Not a valid cursor."]})
