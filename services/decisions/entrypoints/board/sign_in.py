"""Signing in with the board's key, and signing out."""
from __future__ import annotations

from flask import g, make_response, redirect, request, url_for

from services.common.web.runtime import current_runtime
from services.decisions.entrypoints.board import security
from services.decisions.entrypoints.board.blueprint import blp
from services.decisions.entrypoints.board.forms import FormErrors, page
from services.decisions.service_layer import board_sessions

ENDED = {
    board_sessions.EXPIRED: "You were signed out because the workspace was not used for a while. "
                            "Sign in again to carry on.",
    board_sessions.REVOKED: "You were signed out because your board's key has been revoked. "
                            "Ask your Heard administrator for a new key.",
    board_sessions.RETIRED: "You were signed out because your board has been retired. Its record "
                            "stays public; nothing new can be recorded.",
    "signed_out": "You have signed out.",
}


def _sign_in_page(errors: FormErrors | None = None):
    body, status = page("board/sign_in.html", errors=errors or FormErrors(),
                        ended=ENDED.get(request.args.get("ended", "")))
    response = make_response(body, 400 if errors else status)
    security.remember_sign_in_token(response)
    return response


@blp.get("/sign-in")
def sign_in_form():
    return _sign_in_page()


@blp.post("/sign-in")
def sign_in():
    key = request.form.get("board_key", "").strip()
    errors = FormErrors()
    if not key:
        errors.add("board_key", "Enter your board key.")
        return _sign_in_page(errors)
    with current_runtime().uow_factory() as uow:
        try:
            session_id, _session = board_sessions.sign_in(uow, key, security.now(),
                                                          security.idle_limit())
        except board_sessions.SignInRefused as refused:
            errors.add("board_key", str(refused))
            return _sign_in_page(errors)
    response = redirect(url_for("board.dashboard"), code=303)
    security.set_session_cookie(response, session_id)
    response.delete_cookie(security.SIGN_IN_COOKIE, path="/board")
    return response


@blp.post("/sign-out")
def sign_out():
    with current_runtime().uow_factory() as uow:
        board_sessions.sign_out(uow, g.board_session.session_hash)
    response = redirect(url_for("board.sign_in_form", ended="signed_out"), code=303)
    security.clear_session_cookie(response)
    return response
