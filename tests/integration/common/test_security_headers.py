"""Security headers on every kind of response of every service, and /docs served from the
swagger-ui-bundle package rather than a CDN."""
from __future__ import annotations

import importlib
import re

import pytest

from services.common.cli import catalogue
from tests.support.services import make_runtime

PAGES = {  # HTML pages of each service besides /docs: path -> status
    "intake": {},
    "decisions": {"/": 200, "/data": 200, "/board/sign-in": 200, "/programmes/no-such": 404},
    "notify": {"/unsubscribe/not-a-token": 400, "/outcome/not-a-token": 400},
}


@pytest.fixture(params=catalogue.SERVICES)
def service_client(request, kafka_bootstrap, sqlite_url):
    runtime = make_runtime(request.param, sqlite_url, kafka_bootstrap)
    app = importlib.import_module(f"services.{request.param}.entrypoints.api").create_app(runtime=runtime)
    yield request.param, app.test_client()
    runtime.engine.dispose()


def policy(response) -> dict[str, str]:
    raw = response.headers.get("Content-Security-Policy", "")
    return {part.split(" ", 1)[0]: part.partition(" ")[2] for part in (p.strip() for p in raw.split(";")) if part}


def assert_secured(response, where: str) -> None:
    directives = policy(response)
    assert directives.get("frame-ancestors") == "'none'", (where, response.headers)
    assert "default-src" in directives, where
    assert "*" not in response.headers["Content-Security-Policy"] and "http" not in directives.get(
        "script-src", ""), where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    assert response.headers["Referrer-Policy"] == "no-referrer", where


def test_every_json_and_html_response_carries_the_security_headers(service_client):
    service, client = service_client
    answers = {"/healthz": 200, "/openapi.json": 200, "/v1/whoami": 401, "/v1/nothing-here": 404,
               "/docs": 200, **PAGES[service]}
    for path, status in answers.items():
        response = client.get(path)
        assert response.status_code == status, (path, response.status_code)
        assert_secured(response, f"{service} {path}")
    assert_secured(client.post("/v1/keys", data="{", content_type="application/json"), "bad JSON")


def test_notify_pages_allow_only_their_own_inline_style(kafka_bootstrap, sqlite_url):
    runtime = make_runtime("notify", sqlite_url, kafka_bootstrap)
    client = importlib.import_module("services.notify.entrypoints.api").create_app(runtime=runtime).test_client()
    page = client.get("/unsubscribe/not-a-token")
    styles = policy(page)["style-src"].split()
    assert len(styles) == 1 and styles[0].startswith("'sha256-")
    assert "script-src" not in policy(page)  # default-src 'none': no scripts at all


def test_docs_page_uses_only_this_service_and_its_assets_load(service_client):
    service, client = service_client
    page = client.get("/docs")
    html = page.get_data(as_text=True)
    references = re.findall(r'(?:src|href|data-spec-url)="([^"]+)"', html)
    assert len(references) == 4, references  # stylesheet, Swagger UI, its starter, the document
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in references), references
    assert "cdn" not in html and "https://" not in html and "http://" not in html
    for ref in references:
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        assert_secured(asset, ref)
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.mimetype in ("text/javascript", "application/javascript")
    assert b"SwaggerUIBundle" in bundle.data and len(bundle.data) > 500_000
    assert client.get("/docs/assets/index.html").status_code == 404  # only the files the page uses
    assert policy(page)["script-src"] == "'self'"
