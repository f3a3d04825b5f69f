"""The site's blueprint: templates, the stylesheet, plain-English filters, strict headers and
error pages in the site's own style (the API keeps its JSON errors)."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, render_template
from werkzeug.exceptions import HTTPException

from services.decisions.entrypoints.site.words import FILTERS

SERVICE_DIR = Path(__file__).resolve().parents[2]
# no scripts at all, and nothing from anywhere else
POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
          "form-action 'self'; frame-ancestors 'none'")

blp = Blueprint("site", __name__, template_folder=str(SERVICE_DIR / "templates"),
                static_folder=str(SERVICE_DIR / "static"), static_url_path="/assets")
for _name, _filter in FILTERS.items():
    blp.add_app_template_filter(_filter, _name)


@blp.after_request
def strict_headers(response):
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@blp.errorhandler(HTTPException)
def error_page(error: HTTPException):
    return render_template("site/error.html", error=error), error.code
