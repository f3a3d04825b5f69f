"""/docs in headless Chromium: Swagger UI from the service itself draws every operation under the
page's Content-Security-Policy, with every request to another host refused (as offline)."""
from __future__ import annotations

import importlib
import threading
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from services.common.cli import catalogue
from tests.support.services import make_runtime

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_swagger_ui_draws_the_operations_offline_under_the_policy(service, chromium, kafka_bootstrap,
                                                                  sqlite_url):
    runtime = make_runtime(service, sqlite_url, kafka_bootstrap)
    app = importlib.import_module(f"services.{service}.entrypoints.api").create_app(runtime=runtime)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    context = chromium.new_context()
    elsewhere, complaints = [], []
    try:
        def only_this_service(route):
            if urlsplit(route.request.url).netloc == urlsplit(base).netloc:
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()
        context.route("**/*", only_this_service)
        page = context.new_page()
        page.on("console", lambda message: complaints.append(message.text)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: complaints.append(str(error)))
        page.goto(f"{base}/docs", wait_until="load")
        page.wait_for_selector(".opblock", timeout=15_000)
        drawn = page.locator(".opblock").count()
        documented = sum(1 for ops in app.test_client().get("/openapi.json").json["paths"].values()
                         for method in ops if method in ("get", "post", "put", "patch", "delete"))
        assert drawn == documented
        assert page.locator(".info .title").inner_text().startswith(f"Heard {service}")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
        runtime.engine.dispose()
    assert elsewhere == []
    assert [c for c in complaints if "Content Security Policy" in c or "Refused" in c] == []
    assert complaints == []
