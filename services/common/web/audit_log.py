"""The audit log on the web side: every request that asks to change something (POST, PUT,
PATCH, DELETE) carries an audit context, so each change it commits is logged with who asked
(key id, role), the operation, its object and the request id (X-Request-ID, echoed back).
GET /v1/audit lets an admin read the log; nothing can change or delete an entry."""
from __future__ import annotations

import re
import uuid

from flask import Flask, g, request
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, fields
from sqlalchemy import and_, or_, select

from services.common import audit
from services.common.db.engine import read_connection
from services.common.web.auth import authorized
from services.common.web.pagination import PageArgs, keyset_page, page_schema
from services.common.web.runtime import current_runtime

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,100}")
RULE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")  # Flask's <uuid:input_id> is {input_id}

blp = Blueprint("audit", __name__, url_prefix="/v1/audit",
                description="Who changed what, append-only (admins)")


def install(app: Flask) -> None:
    app.before_request(_begin)
    app.teardown_request(_end)
    app.after_request(_echo_request_id)


def _begin() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else str(uuid.uuid4())
    if request.method in WRITES and request.url_rule is not None:
        view_args = request.view_args or {}
        path = RULE_PARAMETER.sub(r"{\1}", request.url_rule.rule)
        g.audit_token = audit.start(audit.AuditContext(
            request_id=g.request_id, action=f"{request.method} {path}",
            object_id=str(next(iter(view_args.values()))) if view_args else None, who=_who))


def _who() -> tuple[str | None, str | None]:
    principal = g.get("principal")
    if principal is not None:
        return principal.key_id, principal.role
    session = g.get("board_session")  # the board workspace signs in with a board key
    return (session.key_id, "board") if session is not None else (None, None)


def _end(_exc: BaseException | None) -> None:
    token = g.pop("audit_token", None)
    if token is not None:
        audit.stop(token)


def _echo_request_id(response):
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


class AuditArgs(PageArgs):
    key_id = fields.String(load_default=None, metadata={"description": "only this key's changes"})
    object_id = fields.String(load_default=None, metadata={"description": "only this object"})
    action = fields.String(load_default=None,
                           metadata={"description": "only this operation, e.g. 'POST /v1/inputs'"})
    since = fields.AwareDateTime(load_default=None, metadata={"description": "at or after"})


class AuditOut(Schema):
    audit_id = fields.String(required=True)
    at = fields.AwareDateTime(required=True)
    key_id = fields.String(required=True, allow_none=True)
    role = fields.String(required=True, allow_none=True)
    action = fields.String(required=True)
    object_id = fields.String(required=True, allow_none=True)
    request_id = fields.String(required=True)


AuditPageOut = page_schema(AuditOut, "AuditPageOut")


@blp.route("")
@authorized(blp, "admin")
@blp.arguments(AuditArgs, location="query", unknown=RAISE)
@blp.response(200, AuditPageOut)
def list_audit(args):
    """This service's audit entries, oldest first, filtered by key, object, operation or time."""
    runtime = current_runtime()
    table = runtime.metadata.tables["audit_log"]

    def fetch(after, limit: int) -> list:
        query = select(table)
        for name in ("key_id", "object_id", "action"):
            if args[name]:
                query = query.where(table.c[name] == args[name])
        if args["since"]:
            query = query.where(table.c.at >= args["since"])
        if after is not None:
            query = query.where(or_(table.c.at > after[0],
                                    and_(table.c.at == after[0], table.c.audit_id > after[1])))
        with read_connection(runtime.engine) as conn:
            return list(conn.execute(query.order_by(table.c.at, table.c.audit_id).limit(limit))
                        .mappings())

    return keyset_page(args, fetch, lambda row: (row["at"], row["audit_id"]))
