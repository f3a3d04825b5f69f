"""GET and POST /unsubscribe/<token>: no key; the signed token is the authority.

GET only shows a page with a button, because mail scanners open links; POST unsubscribes at
once, which is also what a mail app's one-click button sends (RFC 8058).
"""
from __future__ import annotations

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.db.types import utcnow
from services.common.web.runtime import current_runtime
from services.common.web.security_headers import policy_with_inline_styles
from services.notify.adapters.pages import page_renderer
from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.config import MailSettings
from services.notify.service_layer.directory import unsubscribe


def make_blueprint(settings: MailSettings) -> Blueprint:
    blp = Blueprint("unsubscribe", __name__, url_prefix="/unsubscribe",
                    description="Stop outcome emails, from the link in every email. HTML pages.")
    tokens = UnsubscribeTokens.for_settings(settings)
    renderer = page_renderer()

    def page(name: str, status: int = 200, **context) -> Response:
        response = Response(renderer.render_page(name, context), status=status,
                            mimetype="text/html")
        # the token is a credential: keep it out of caches and Referer headers
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = policy_with_inline_styles(response.get_data(as_text=True))
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @blp.route("/<token>")
    class Unsubscribe(MethodView):
        @blp.doc(responses=_html_responses("A page asking to confirm, with a button"))
        def get(self, token: str):
            """Show what the link does, with a button that POSTs to the same address."""
            if tokens.address_hash_in(token) is None:
                return page("unsubscribe_invalid", 400)
            return page("unsubscribe_confirm", action=request.path)

        @blp.doc(responses=_html_responses("Unsubscribed (again is fine)"))
        def post(self, token: str):
            """Unsubscribe at once. Any body is accepted (List-Unsubscribe=One-Click, a form)."""
            address_hash = tokens.address_hash_in(token)
            if address_hash is None:
                return page("unsubscribe_invalid", 400)
            with current_runtime().uow_factory() as uow:
                unsubscribe(uow, address_hash, utcnow(), tokens.address_hash)
            return page("unsubscribe_done")

    return blp


def _html_responses(success: str) -> dict:
    html = {"text/html": {"schema": {"type": "string"}}}
    return {"200": {"description": success, "content": html},
            "400": {"description": "The link is not complete or was changed", "content": html}}
