"""/docs: Swagger UI from the swagger-ui-bundle package, served by the service itself (no CDN: it
works offline and the page's Content-Security-Policy allows nothing from elsewhere)."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, send_from_directory
from swagger_ui_bundle import swagger_ui_path

HERE = Path(__file__).resolve().parent
# the only files the page uses; nothing else of the package is served
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js"})
# Swagger UI draws its icons as data: images and fetches only the service's own openapi.json
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

blp = Blueprint("docs", __name__, url_prefix="/docs", template_folder=str(HERE / "templates"),
                static_folder=str(HERE / "static"), static_url_path="/heard")


@blp.get("")
def docs():
    return render_template("docs.html", title=current_app.config["API_TITLE"])


@blp.get("/assets/<filename>")
def asset(filename: str):
    if filename not in ASSETS:
        abort(404)
    return send_from_directory(swagger_ui_path, filename, max_age=86400)


@blp.after_request
def docs_policy(response):
    response.headers["Content-Security-Policy"] = POLICY
    return response
