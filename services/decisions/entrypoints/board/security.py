"""The session cookie and the CSRF token of the workspace's forms.

Signed in, a form carries the session's own token (kept server-side with the session). The
sign-in form, before any session exists, uses a double-submit token: a random value in a
short-lived cookie that the form must repeat, so another site cannot sign a browser in.
"""
from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from flask import current_app, g, request

from services.common.db.types import utcnow
from services.common.web.runtime import current_runtime
from services.decisions.service_layer import board_sessions

SESSION_COOKIE = "heard_board_session"
SIGN_IN_COOKIE = "heard_board_sign_in"
FORM_FIELD = "csrf_token"
DEFAULT_IDLE_HOURS = 8


def now():
    """The workspace's clock: config BOARD_CLOCK lets tests move time without sleeping."""
    return current_app.config.get("BOARD_CLOCK", utcnow)()


def idle_limit() -> timedelta:
    return timedelta(hours=float(current_app.config.get("BOARD_SESSION_HOURS", DEFAULT_IDLE_HOURS)))


def secure_cookies() -> bool:
    """Secure over https, also behind a proxy that ends TLS (the public URL says https)."""
    return (request.is_secure or bool(current_app.config.get("BOARD_SECURE_COOKIES"))
            or current_runtime().settings.public_base_url.startswith("https://"))


def current_session():
    """(session, None) for a live session; (None, why it ended) otherwise."""
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None, None
    with current_runtime().uow_factory() as uow:
        return board_sessions.resume(uow, session_id, now(), idle_limit())


def set_session_cookie(response, session_id: str) -> None:
    # no max_age: the cookie ends with the browser; the server ends idle sessions itself
    response.set_cookie(SESSION_COOKIE, session_id, httponly=True, samesite="Lax",
                        secure=secure_cookies(), path="/board")


def clear_session_cookie(response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/board", httponly=True, samesite="Lax",
                           secure=secure_cookies())


def form_token() -> str:
    """The token for this page's forms."""
    session = g.get("board_session")
    if session is not None:
        return session.csrf_token
    if "sign_in_token" not in g:
        g.sign_in_token = request.cookies.get(SIGN_IN_COOKIE) or secrets.token_urlsafe(32)
    return g.sign_in_token


def remember_sign_in_token(response) -> None:
    if "sign_in_token" in g:
        response.set_cookie(SIGN_IN_COOKIE, g.sign_in_token, max_age=3600, httponly=True,
                            samesite="Strict", secure=secure_cookies(), path="/board")


def form_token_ok() -> bool:
    sent = request.form.get(FORM_FIELD, "")
    session = g.get("board_session")
    expected = session.csrf_token if session is not None else request.cookies.get(SIGN_IN_COOKIE, "")
    return bool(sent and expected) and hmac.compare_digest(sent, expected)


def leave_notice(text: str) -> None:
    with current_runtime().uow_factory() as uow:
        board_sessions.leave_notice(uow, g.board_session.session_hash, text)
