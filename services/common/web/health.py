"""/healthz: the process answers. /readyz: the database and broker answer; outbox backlog."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import func, select, text

from services.common.web.runtime import current_runtime

blp = Blueprint("health", __name__, description="Liveness and readiness")


class HealthOut(Schema):
    status = fields.String(required=True)
    service = fields.String(required=True)


class ReadyOut(HealthOut):
    database = fields.String(required=True)
    broker = fields.String(required=True)
    outbox_backlog = fields.Integer(allow_none=True, required=True)


@blp.route("/healthz")
@blp.response(200, HealthOut)
def healthz():
    return {"status": "ok", "service": current_runtime().settings.service}


@blp.route("/readyz")
@blp.response(200, ReadyOut)
@blp.alt_response(503, schema=ReadyOut, description="A dependency does not answer")
def readyz():
    runtime = current_runtime()
    body = {"service": runtime.settings.service, "database": "ok", "broker": "ok",
            "outbox_backlog": None}
    try:
        with runtime.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            outbox = runtime.metadata.tables["outbox"]
            body["outbox_backlog"] = conn.execute(
                select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            ).scalar_one()
    except Exception as exc:  # noqa: BLE001 - readiness reports, it does not raise
        body["database"] = f"unavailable: {type(exc).__name__}"
    if not runtime.broker.is_reachable():
        body["broker"] = "unavailable"
    ready = body["database"] == "ok" and body["broker"] == "ok"
    body["status"] = "ready" if ready else "not ready"
    return body, (200 if ready else 503)
