"""/metrics in the Prometheus text format: consumer lag, outbox backlog, dead letters, readiness,
and (where the service sends email) email outcomes.

Every figure is read at scrape time from the database (the outbox, what the workers published
to `worker_state`, notify's notifications), not counted in this process: an API runs several
gunicorn processes, and the consumer runs in the worker, so no in-process counter would be true.
"""
from __future__ import annotations

from flask import Blueprint, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest
from sqlalchemy import func, select

from services.common.web.health import readiness
from services.common.web.runtime import current_runtime

blp = Blueprint("metrics", __name__)


def _email_outcomes(runtime) -> dict[str, int]:
    table = runtime.metadata.tables.get("notifications")
    if table is None or "status" not in table.c:
        return {}
    with runtime.engine.connect() as conn:
        rows = conn.execute(select(table.c.status, func.count()).group_by(table.c.status)).all()
    return {status: count for status, count in rows}


def render(runtime) -> bytes:
    service = runtime.settings.service
    body = readiness(runtime)
    registry = CollectorRegistry()
    Gauge("heard_ready", "1 when /readyz says ready (events flow), else 0", ["service"],
          registry=registry).labels(service).set(1 if body["status"] == "ready" else 0)
    if body["outbox_backlog"] is not None:
        Gauge("heard_outbox_backlog", "Events committed but not yet published to Kafka",
              ["service"], registry=registry).labels(service).set(body["outbox_backlog"])
    worker = body["worker"]
    if worker is not None:
        Gauge("heard_workers", "Worker processes that reported in the last 15 s", ["service"],
              registry=registry).labels(service).set(worker["workers"])
        Gauge("heard_consumer_assigned_partitions", "Partitions the consumers hold", ["service"],
              registry=registry).labels(service).set(worker["assigned_partitions"])
        lag = Gauge("heard_consumer_lag", "Records not yet consumed, per topic",
                    ["service", "topic"], registry=registry)
        for topic, value in worker["lag_by_topic"].items():
            lag.labels(service, topic).set(value)
        dead = Gauge("heard_dead_letters", "Records the live workers sent to a dead-letter topic "
                     "since they started, per original topic", ["service", "topic"],
                     registry=registry)
        for topic, value in worker["dead_letters"].items():
            dead.labels(service, topic).set(value)
        Gauge("heard_worker_loop_restarts", "Worker loops restarted after an error", ["service"],
              registry=registry).labels(service).set(worker["loop_restarts"])
    outcomes = _email_outcomes(runtime) if body["database"] == "ok" else {}
    if outcomes:
        emails = Gauge("heard_emails", "Notifications by outcome (queued, sending, sent, failed, "
                       "suppressed, ...)", ["service", "status"], registry=registry)
        for status, count in outcomes.items():
            emails.labels(service, status).set(count)
    return generate_latest(registry)


@blp.route("/metrics")
def metrics():
    return Response(render(current_runtime()), mimetype=CONTENT_TYPE_LATEST)
