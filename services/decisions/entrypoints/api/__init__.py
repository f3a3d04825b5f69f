"""Decisions' HTTP API and public site: create_app() is the gunicorn target."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from services.common.web.app import create_service_app
from services.common.web.keys_api import make_keys_blueprint
from services.decisions.adapters.orm import boards


def _board_exists(uow, _field: str, board_id: str) -> bool:
    row = uow.connection.execute(select(boards.c.board_id).where(boards.c.board_id == board_id))
    return row.first() is not None


def create_app(config: dict | None = None, runtime=None) -> Flask:
    from services.decisions.bootstrap import bootstrap

    runtime = runtime or bootstrap()
    blueprints = [make_keys_blueprint(("admin", "board"), _board_exists)]
    return create_service_app(
        runtime, title="Heard decisions",
        description="Boards record decisions and say, for each input, how it was used.",
        blueprints=blueprints, config=config)
