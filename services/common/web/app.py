"""The part of every service's create_app() that is the same everywhere."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask

from services.common.web import audit_log, docs, health, metrics, whoami
from services.common.web.draining import refuse_while_draining
from services.common.web.errors import DATABASE_OUTAGES, HeardApi, database_unavailable
from services.common.web.proxies import trust_proxies
from services.common.web.rate_limits import install_rate_limits
from services.common.web.request_limits import install_request_limits
from services.common.web.security_headers import install_security_headers

MAX_REQUEST_BYTES = 1024 * 1024


def create_service_app(runtime, *, title: str, description: str, blueprints: Iterable[Any],
                       config: dict[str, Any] | None = None, heavy_endpoints: Iterable[str] = ()) -> Flask:
    """`heavy_endpoints`: endpoint names (blueprint.view) under the stricter per-address limit."""
    app = Flask(runtime.settings.service)
    app.config.update(
        API_TITLE=title, API_VERSION="v1", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/", OPENAPI_JSON_PATH="openapi.json",  # /docs: web/docs.py
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
    )
    app.config.update(config or {})
    app.extensions["heard"] = runtime
    app.before_request(refuse_while_draining)  # after SIGTERM under gunicorn (gunicorn_conf)
    for outage in DATABASE_OUTAGES:
        app.register_error_handler(outage, database_unavailable)
    trust_proxies(app, runtime.settings.trusted_proxies)  # before the limits read the address
    install_request_limits(app)
    install_security_headers(app)
    install_rate_limits(app, runtime.settings.rate_limits, heavy_endpoints)
    audit_log.install(app)  # every change logged with who asked, in the change's transaction
    app.register_blueprint(metrics.blp)  # plain Flask: Prometheus text is not part of the API
    app.register_blueprint(docs.blp)
    api = HeardApi(app, spec_kwargs={"info": {"description": description}})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    # browser pages only: the key as the password (see services/common/web/auth.py)
    api.spec.components.security_scheme("basicAuth", {"type": "http", "scheme": "basic"})
    api.register_blueprint(health.blp)
    api.register_blueprint(whoami.blp)
    api.register_blueprint(audit_log.blp)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.extensions["heard.api"] = api
    return app
