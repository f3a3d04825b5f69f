"""/healthz: the process answers. /readyz: whether events flow (database, broker, the worker's
consumer has joined its group and the API key topics are caught up), with the outbox backlog,
lag and dead-letter counts.

"ready" (200): all of that holds. "degraded" (200, with `reasons`): the API answers and takes
writes into its outbox, but events do not flow yet (broker away, worker not joined): a load
balancer must keep sending it requests, or a broker blip would refuse input. "unavailable"
(503): the database does not answer, so nothing can be accepted."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import func, select, text

from services.common.messaging.worker_state import assess, fresh_states, summarise
from services.common.web.runtime import current_runtime

blp = Blueprint("health", __name__, description="Liveness and readiness")


class HealthOut(Schema):
    status = fields.String(required=True)
    service = fields.String(required=True)


class WorkerOut(Schema):
    workers = fields.Integer(required=True)
    assigned_partitions = fields.Integer(required=True)
    lag = fields.Integer(required=True)
    lag_by_topic = fields.Dict(keys=fields.String(), values=fields.Integer())
    key_topics_lag = fields.Integer(required=True)
    catch_up_lag = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "Lag of the other topics the service needs caught up (intake: the programmes)"})
    dead_letters = fields.Dict(keys=fields.String(), values=fields.Integer())
    broker_errors = fields.List(fields.String())
    loop_restarts = fields.Integer(required=True)


class ReadyOut(HealthOut):
    database = fields.String(required=True)
    broker = fields.String(required=True)
    outbox_backlog = fields.Integer(allow_none=True, required=True)
    worker = fields.Nested(WorkerOut, allow_none=True, required=True)
    reasons = fields.List(fields.String(), required=True)


def readiness(runtime) -> dict:
    """The readiness body; also what /metrics reads its gauges from."""
    body = {"service": runtime.settings.service, "database": "ok", "broker": "ok",
            "outbox_backlog": None, "worker": None, "reasons": []}
    try:
        with runtime.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            outbox = runtime.metadata.tables["outbox"]
            body["outbox_backlog"] = conn.execute(
                select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            ).scalar_one()
            body["worker"] = summarise(fresh_states(conn, runtime.metadata.tables["worker_state"]))
    except Exception as exc:  # noqa: BLE001 - readiness reports, it does not raise
        body["database"] = f"unavailable: {type(exc).__name__}"
        body["reasons"].append("the database does not answer")
    if not runtime.broker.is_reachable():
        body["broker"] = "unavailable"
        body["reasons"].append("the broker does not answer (input is kept in the outbox)")
    if body["worker"] is not None:
        body["reasons"].extend(assess(body["worker"]))
    if body["database"] != "ok":
        body["status"] = "unavailable"
    else:
        body["status"] = "degraded" if body["reasons"] else "ready"
    return body


@blp.route("/healthz")
@blp.response(200, HealthOut)
def healthz():
    return {"status": "ok", "service": current_runtime().settings.service}


@blp.route("/readyz")
@blp.response(200, ReadyOut)
@blp.alt_response(503, schema=ReadyOut, description="The database does not answer")
def readyz():
    body = readiness(current_runtime())
    return body, (503 if body["status"] == "unavailable" else 200)
