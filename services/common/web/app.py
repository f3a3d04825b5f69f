"""The part of every service's create_app() that is the same everywhere."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask

from services.common.web import health, metrics, whoami
from services.common.web.draining import refuse_while_draining
from services.common.web.errors import DATABASE_OUTAGES, HeardApi, database_unavailable

MAX_REQUEST_BYTES = 1024 * 1024


def create_service_app(runtime, *, title: str, description: str, blueprints: Iterable[Any],
                       config: dict[str, Any] | None = None) -> Flask:
    app = Flask(runtime.settings.service)
    app.config.update(
        API_TITLE=title, API_VERSION="v1", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/", OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
    )
    app.config.update(config or {})
    app.extensions["heard"] = runtime
    app.before_request(refuse_while_draining)  # after SIGTERM under gunicorn (gunicorn_conf)
    for outage in DATABASE_OUTAGES:
        app.register_error_handler(outage, database_unavailable)
    app.register_blueprint(metrics.blp)  # plain Flask: Prometheus text is not part of the API
    api = HeardApi(app, spec_kwargs={"info": {"description": description}})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.register_blueprint(health.blp)
    api.register_blueprint(whoami.blp)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.extensions["heard.api"] = api
    return app
