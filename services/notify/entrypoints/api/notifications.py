"""GET /v1/notifications: who was told what, per contributor and decision. Never an address."""
from __future__ import annotations

from dataclasses import replace

from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields, validate

from services.common.web.auth import authorized, current_principal
from services.common.web.pagination import PageArgs, keyset_page, page_schema
from services.common.web.runtime import current_runtime
from services.notify.adapters.repositories import NotificationQuery
from services.notify.domain.notifications import SENDING, STATUSES

blp = Blueprint("notifications", __name__, url_prefix="/v1/notifications",
                description="Outcome emails: queued, sent, failed or suppressed, and why.")


class NotificationArgs(PageArgs):
    decision_id = fields.UUID(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


class NotificationOut(Schema):
    notification_id = fields.String(required=True)
    decision_id = fields.String(required=True)
    contributor_id = fields.String(required=True)
    trigger = fields.String(required=True, metadata={"description": "published, revised or progress"})
    trigger_ref = fields.String(required=True, metadata={
        "description": "revision-N or progress-<entry id>: with decision and contributor, the key"})
    status = fields.String(required=True, metadata={"description": ", ".join(STATUSES)})
    reason = fields.String(allow_none=True, required=True, metadata={
        "description": "why suppressed (no_consent, no_email, unsubscribed, erased), or the last "
                       "mail server error"})
    attempts = fields.Integer(required=True)
    created_at = fields.AwareDateTime(required=True)
    sent_at = fields.AwareDateTime(allow_none=True, required=True)
    last_attempt_at = fields.AwareDateTime(allow_none=True, required=True)
    next_attempt_at = fields.AwareDateTime(allow_none=True, required=True)


NotificationPageOut = page_schema(NotificationOut, "NotificationPageOut", total=True)


@blp.route("")
@authorized(blp, "admin", "board")
@blp.arguments(NotificationArgs, location="query", unknown=RAISE)  # a typo must not list all
@blp.response(200, NotificationPageOut)
def list_notifications(args):
    """Notifications in the order they were recorded. A board key sees its own decisions only."""
    principal = current_principal()
    query = NotificationQuery(
        board_id=principal.board_id if principal.role == "board" else None,
        decision_id=str(args["decision_id"]) if args["decision_id"] else None, status=args["status"])
    with current_runtime().uow_factory() as uow:
        found = keyset_page(
            args, lambda after, limit: uow.notifications.page(replace(query, after=after, limit=limit)),
            lambda n: (n.created_at, n.notification_id), total=lambda: uow.notifications.count(query))
    found["items"] = [{**vars(n), "status": "queued" if n.status == SENDING else n.status}
                      for n in found["items"]]
    return found
