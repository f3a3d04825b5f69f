"""Decisions' HTTP API and public site: create_app() is the gunicorn target."""
from __future__ import annotations

import os

from flask import Flask

from services.common.settings import env_int, service_url
from services.common.web.app import create_service_app
from services.common.web.keys_api import make_keys_blueprint
from services.decisions.config import open_data_dir, site_fresh_seconds
from services.decisions.entrypoints.api import (
    answers, boards, decisions, links, programmes, progress, publication, queue, reports,
)
from services.decisions.entrypoints.board import board_blueprint
from services.decisions.entrypoints.site import site_blueprint


def _board_exists(uow, _field: str, board_id: str) -> bool:
    return uow.boards.get(board_id) is not None


# the reads that scan the whole record: a stricter limit per address (services/common/web/rate_limits.py)
HEAVY_ENDPOINTS = ("reports.accountability", "site.home", "site.programme", "site.board", "site.download")


def create_app(config: dict | None = None, runtime=None) -> Flask:
    from services.decisions.bootstrap import bootstrap

    runtime = runtime or bootstrap()
    blueprints = [make_keys_blueprint(("admin", "board"), _board_exists), programmes.blp, boards.blp, queue.blp,
                  decisions.blp, links.blp, publication.blp, progress.blp, reports.blp,
                  answers.blp]
    app = create_service_app(
        runtime, title="Heard decisions",
        description="Boards record decisions and say, for each input, how it was used.",
        blueprints=blueprints, config=config, heavy_endpoints=HEAVY_ENDPOINTS)
    app.register_blueprint(site_blueprint())  # the public pages: plain Flask, not in the OpenAPI
    # the board workspace at /board/: plain Flask too, signed in with a board's key
    app.config.setdefault("BOARD_SESSION_HOURS", env_int(
        os.environ, "HEARD_BOARD_SESSION_HOURS", 8, 1, 168))
    app.config.setdefault("BOARD_NOTIFY_URL", service_url(os.environ, "notify"))
    app.config.setdefault("OPEN_DATA_DIR", open_data_dir())  # None: /data files written live
    app.config.setdefault("SITE_FRESH_SECONDS", site_fresh_seconds())  # public_pages.kept
    app.register_blueprint(board_blueprint())
    return app
