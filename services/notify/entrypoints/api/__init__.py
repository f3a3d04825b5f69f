"""Notify's HTTP API: create_app() is the gunicorn target."""
from __future__ import annotations

from flask import Flask

from services.common.web.app import create_service_app
from services.common.web.keys_api import make_keys_blueprint


def create_app(config: dict | None = None, runtime=None) -> Flask:
    from services.notify.bootstrap import bootstrap
    from services.notify.entrypoints.api import notifications, outcome_page, unsubscribe

    runtime = runtime or bootstrap()
    return create_service_app(
        runtime, title="Heard notify",
        description="Tells consenting contributors what became of their input.",
        blueprints=[make_keys_blueprint(), notifications.blp, unsubscribe.make_blueprint(runtime.settings.mail),
                    outcome_page.make_blueprint(runtime.settings.mail)],
        config=config)
