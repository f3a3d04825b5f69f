"""The limits Heard's API is measured against, served by the same gunicorn settings.

- bare_app(): Flask answering a small JSON body, nothing else.
- bare_db_app(): Flask that parses the same JSON and commits, in one transaction, the rows one
  submitted input costs Heard (the input, its topics, its first status, one outbox row) to the
  same database through the same engine settings. No auth, validation or schemas.
"""
from __future__ import annotations

import json
import os
import uuid
from datetime import date

from flask import Flask, request
from sqlalchemy import insert

from services.common.db.engine import make_engine
from services.common.db.types import utcnow


def bare_app() -> Flask:
    app = Flask("bare")

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.route("/v1/inputs", methods=["GET", "POST"])
    def inputs():
        return {"input_id": str(uuid.uuid4()), "status": "received"}, 201

    return app


def bare_db_app() -> Flask:
    from services.intake.adapters import orm

    engine = make_engine(os.environ["BENCH_DATABASE_URL"])
    partner_id = os.environ["BENCH_PARTNER_ID"]
    app = Flask("bare_db")

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.post("/v1/inputs")
    def inputs():
        item = request.get_json()
        input_id, now = str(uuid.uuid4()), utcnow()
        with engine.begin() as conn:
            conn.execute(insert(orm.inputs).values(
                input_id=input_id, partner_id=partner_id, contributor_id=None,
                programme=item["programme"], summary=item["summary"], body=item.get("body"),
                engagement_method=item["engagement_method"],
                participation_level=item["participation_level"],
                gathered_on=date.fromisoformat(item["gathered_on"]), submitted_at=now,
                status="received"))
            conn.execute(insert(orm.input_topics), [
                {"input_id": input_id, "position": n, "topic": t}
                for n, t in enumerate(item["topics"])])
            conn.execute(insert(orm.input_status_history).values(
                input_id=input_id, status="received", changed_at=now,
                cause="intake.input-submitted.v1"))
            event_id = str(uuid.uuid4())
            conn.execute(insert(orm.metadata.tables["outbox"]).values(
                event_id=event_id, topic="intake.input-submitted.v1", message_key=input_id,
                value=json.dumps({"event_id": event_id, "payload": item}),
                correlation_id=event_id, event_type="input-submitted", created_at=now,
                attempts=0))
        return {"input_id": input_id, "status": "received"}, 201

    return app


def bare_pages_app() -> Flask:
    """Flask answering each path with HTML held in memory (BENCH_PAGES: a JSON file of path to
    HTML, the pages Heard served), nothing else."""
    with open(os.environ["BENCH_PAGES"], encoding="utf-8") as pages_file:
        pages = {path: html.encode() for path, html in json.load(pages_file).items()}
    app = Flask("bare_pages")

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.get("/", defaults={"path": ""})
    @app.get("/<path:path>")
    def page(path: str):
        return pages["/" + path], 200, {"Content-Type": "text/html; charset=utf-8"}

    return app
