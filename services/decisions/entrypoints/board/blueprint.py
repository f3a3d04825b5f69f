"""The workspace's blueprint: strict headers, its own error pages, and before every request the
session check (signed in, not idle too long, key not revoked) and the CSRF check of a form."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from services.decisions.entrypoints.board import security

SERVICE_DIR = Path(__file__).resolve().parents[2]
# scripts only from this service (the "select all" enhancement), nothing from anywhere else
POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
OPEN_ENDPOINTS = {"board.sign_in", "board.sign_in_form"}

blp = Blueprint("board", __name__, url_prefix="/board",
                template_folder=str(SERVICE_DIR / "templates"))


@blp.before_request
def check_session_and_form():
    if request.endpoint not in OPEN_ENDPOINTS:
        session, ended = security.current_session()
        if session is None:
            return redirect(url_for("board.sign_in_form", ended=ended) if ended
                            else url_for("board.sign_in_form"))
        g.board_session = session
    if request.method == "POST" and not security.form_token_ok():
        return render_template("board/refused.html"), 400
    return None


@blp.after_request
def strict_headers(response):
    response.headers.setdefault("Content-Security-Policy", POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    # pages about one board's work are never kept by the browser or a shared cache
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.errorhandler(HTTPException)
def error_page(error: HTTPException):
    return render_template("board/error.html", error=error), error.code


@blp.app_template_global()
def csrf_token() -> str:
    return security.form_token()
