"""/v1/answers: what a partner's contributors said about how their input was used, and the
questions they asked. The partner's only: decisions and boards see counts, never these."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields

from services.common.web.auth import authorized
from services.common.web.pagination import (
    PageArgs, keyset_page, page_schema, split_two_id_position, two_id_position,
)
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
    with current_runtime().uow_factory() as uow:
        page = keyset_page(args, lambda after, limit: uow.answers.page(
            calling_partner(), split_two_id_position(after), limit, questions_only=args["questions"]),
            answer_position)
    return {**page, "items": [{k: row[k] for k in AnswerOut().fields} for row in page["items"]]}


def answer_position(row: dict[str, Any]) -> tuple[datetime, str]:
    """An answer's keyset position: when it was given, then decision and contributor ids."""
    return two_id_position(row["answered_at"], row["decision_id"], row["contributor_id"])
