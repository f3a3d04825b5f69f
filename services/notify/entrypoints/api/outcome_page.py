"""/outcome/<token>: a contributor's personal outcome page, and their answer back. No key: the
signed, expiring token is the authority. GET only shows (mail scanners open links); POST records."""
from __future__ import annotations

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.db.types import utcnow
from services.common.web.runtime import current_runtime
from services.common.web.security_headers import policy_with_inline_styles
from services.notify.adapters.pages import page_renderer
from services.notify.adapters.tokens import OutcomeTokens
from services.notify.config import MailSettings
from services.notify.domain.answers import ANSWERS
from services.notify.service_layer.answers import (
    CommentRefused, NothingToShow, outcome_page, record_answer,
)


def make_blueprint(settings: MailSettings) -> Blueprint:
    blp = Blueprint("outcome_page", __name__, url_prefix="/outcome",
                    description="A contributor's own outcome page, from the link in every outcome "
                                "email, and their answer about how their input was used. HTML.")
    tokens = OutcomeTokens.for_settings(settings)
    renderer = page_renderer()

    def page(name: str, status: int = 200, **context) -> Response:
        response = Response(renderer.render_page(name, context), status=status, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"  # the token is a credential
        response.headers["Content-Security-Policy"] = policy_with_inline_styles(response.get_data(as_text=True))
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def shown(token: str, status: int = 200, **extra) -> Response:
        ids = tokens.read(token)
        if ids is None:
            return page("outcome_invalid", 400)
        with current_runtime().uow_factory() as uow:
            try:
                found = outcome_page(uow, *ids)
            except NothingToShow:
                return page("outcome_invalid", 404)
        return page("outcome", status, action=f"/outcome/{token}", answers=ANSWERS, **found, **extra)

    @blp.route("/<token>")
    class OutcomePage(MethodView):
        @blp.doc(responses=_html("The outcome page, with the answer form"))
        def get(self, token: str):
            """What the person said, what was decided, how each input was used, progress"""
            return shown(token)

        @blp.doc(responses=_html("Answer recorded (a new answer replaces the old one)"))
        def post(self, token: str):
            """Record the answer (yes, partly, no) and an optional comment for the partner"""
            ids = tokens.read(token)
            if ids is None:
                return page("outcome_invalid", 400)
            answer, comment = request.form.get("answer", ""), request.form.get("comment")
            if answer not in ANSWERS:
                return shown(token, 422, problems=["Choose yes, partly or no."])
            problems = None
            with current_runtime().uow_factory() as uow:
                try:
                    record_answer(uow, *ids, answer, comment, utcnow())
                except CommentRefused as refused:
                    problems = refused.problems
                except NothingToShow:
                    return page("outcome_invalid", 404)
            if problems:  # shown in a transaction of its own, once this one is over
                return shown(token, 422, problems=problems, comment=comment)
            return shown(token, thanked=True)

    @blp.route("/<token>/answer/<choice>")
    @blp.doc(responses=_html("A page asking to confirm the answer, with a button"))
    def confirm(token: str, choice: str):
        """From the email's one link per answer: shows a button that POSTs the answer"""
        if choice not in ANSWERS or tokens.read(token) is None:
            return page("outcome_invalid", 400)
        return page("outcome_confirm", action=f"/outcome/{token}", choice=choice)

    return blp


def _html(success: str) -> dict:
    html = {"text/html": {"schema": {"type": "string"}}}
    return {"200": {"description": success, "content": html},
            "400": {"description": "The link is not complete, was changed or has expired",
                    "content": html}}
