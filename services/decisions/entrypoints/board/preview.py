"""Previewing the emails a draft will send, with notify's own templates, before publishing."""
from __future__ import annotations

from flask import Response, abort, current_app, request

from services.common.emails.outcome import ACCESSIBLE_FORMATS
from services.common.emails.renderer import TemplateRenderer
from services.common.web.runtime import current_runtime
from services.decisions.domain.errors import NotFound
from services.decisions.entrypoints.board import security
from services.decisions.entrypoints.board.blueprint import blp
from services.decisions.entrypoints.board.decisions import base_url, board_id
from services.decisions.entrypoints.board.forms import page
from services.decisions.service_layer import outcome_preview

FORMAT_NAMES = {"standard": "Standard", "easy_read": "Easy read", "large_print": "Large print"}
# the HTML email as sent: its own <style> and style attributes, nothing else
EMAIL_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                "form-action 'none'; frame-ancestors 'none'")


def renderer() -> TemplateRenderer:
    return current_app.extensions.setdefault("heard.board.renderer", TemplateRenderer())


def unsubscribe_example() -> str:
    notify_url = current_app.config.get("BOARD_NOTIFY_URL", "http://127.0.0.1:8003")
    return f"{notify_url.rstrip('/')}/unsubscribe/each-person-gets-their-own-link"


def _preview(decision_id: str) -> dict:
    try:
        with current_runtime().uow_factory() as uow:
            found = outcome_preview.preview(
                uow, renderer(), board_id(), decision_id, public_base_url=base_url(),
                unsubscribe_url=unsubscribe_example(), now=security.now(),
                input_id=request.args.get("input"))
    except NotFound:
        abort(404)
    if not found["decision"].is_draft:
        abort(409)
    return found


@blp.get("/decisions/<decision_id>/preview")
def preview(decision_id: str):
    return page("board/preview.html", preview=_preview(decision_id), format_names=FORMAT_NAMES)


@blp.get("/decisions/<decision_id>/preview/<accessible_format>.html")
def preview_html(decision_id: str, accessible_format: str):
    """The HTML version exactly as it will be sent, on a page of its own."""
    if accessible_format not in ACCESSIBLE_FORMATS:
        abort(404)
    emails = _preview(decision_id)["emails"]
    if emails is None:
        abort(404)
    return Response(emails[accessible_format].html, mimetype="text/html",
                    headers={"Content-Security-Policy": EMAIL_POLICY})
