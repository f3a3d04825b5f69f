"""/v1/relays: the outcomes a partner must tell its contributors itself, and recording that it did."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from services.common.web.auth import authorized
from services.common.web.pagination import (
    PageArgs, keyset_page, page_schema, split_two_id_position, two_id_position,
)
from services.common.web.runtime import current_runtime
from services.intake.domain.relays import RELAY_METHODS
from services.intake.entrypoints.api.access import calling_partner
from services.intake.entrypoints.api.service_errors import answers
from services.intake.service_layer import relays as use_cases

blp = Blueprint("relays", __name__, url_prefix="/v1/relays",
                description="Contributors who want to hear an outcome but cannot be emailed: the "
                            "partner tells them, then records how. Oldest outcome first. The same "
                            "list as a page to print: /relays/print.")


class RelayOut(Schema):
    decision_id = fields.String(required=True)
    input_id = fields.String(required=True)
    contributor_id = fields.String(required=True)
    preferred_name = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True, metadata={
        "enum": ["no_email", "email_failed"], "description": "Why no email can carry it"})
    input_summary = fields.String(required=True, metadata={"description": "What they told you"})
    decision_title = fields.String(required=True)
    board_name = fields.String(required=True)
    influence = fields.String(required=True, metadata={
        "enum": ["adopted", "adapted", "not_adopted", "noted"]})
    explanation = fields.String(required=True, metadata={"description": "Written for the contributor"})
    revision = fields.Integer(required=True)
    published_at = fields.AwareDateTime(required=True)
    revised_at = fields.AwareDateTime(required=True, allow_none=True)
    public_url = fields.String(required=True)


RelayPageOut = page_schema(RelayOut, "RelayPageOut")


class ToldIn(Schema):
    decision_id = fields.UUID(required=True)
    input_id = fields.UUID(required=True)
    how = fields.String(required=True, validate=validate.OneOf(RELAY_METHODS),
                        metadata={"description": "in_person, phone, letter or group_session"})


class ToldOut(Schema):
    decision_id = fields.String(required=True)
    input_id = fields.String(required=True)
    how = fields.String(required=True)
    relayed_at = fields.AwareDateTime(required=True)


@blp.route("")
@authorized(blp, "partner")
@blp.arguments(PageArgs, location="query", unknown=RAISE)
@blp.response(200, RelayPageOut)
def relay_list(args):
    """What this partner must tell its contributors itself, oldest outcome first, by cursor"""
    with current_runtime().uow_factory() as uow:
        page = keyset_page(args, lambda after, limit: use_cases.relay_list(
            uow, calling_partner(), split_two_id_position(after), limit), relay_position)
    return {**page, "items": [_item(row) for row in page["items"]]}


@blp.route("/told", methods=["POST"])
@authorized(blp, "partner")
@blp.arguments(ToldIn)
@blp.response(201, ToldOut)
@answers(blp, 404, 409)
def mark_told(body):
    """Record that the partner told the contributor this outcome, and how"""
    with current_runtime().uow_factory() as uow:
        told = use_cases.mark_told(uow, calling_partner(), str(body["decision_id"]),
                                   str(body["input_id"]), body["how"])
    return {"decision_id": told.decision_id, "input_id": told.input_id, "how": told.relay_how,
            "relayed_at": told.relayed_at}


def _item(row: dict) -> dict:
    return {"decision_id": row["decision_id"], "input_id": row["input_id"],
            "contributor_id": row["contributor_id"], "preferred_name": row["preferred_name"],
            "reason": row["reason"], "input_summary": row["summary"],
            "decision_title": row["decision_title"], "board_name": row["board_name"],
            "influence": row["influence"], "explanation": row["explanation"],
            "revision": row["revision"], "published_at": row["published_at"],
            "revised_at": row["revised_at"], "public_url": row["public_url"]}


def relay_position(row: dict[str, Any]) -> tuple[datetime, str]:
    """The keyset position of a relay row: its outcome's time, then decision and input ids."""
    return two_id_position(row["published_at"], row["decision_id"], row["input_id"])
