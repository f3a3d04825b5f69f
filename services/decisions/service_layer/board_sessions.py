"""Signing a board member in to the workspace with the board's key, and keeping them signed in.

The browser holds only a random session id; the database holds its SHA-256 hash, the id of the
key that signed in (never the key) and the CSRF token of the session. Every request checks that
the key is still live, so a revoked key ends its sessions at the next request.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.decisions.service_layer.unit_of_work import WorkspaceUnitOfWork

EXPIRED, REVOKED, RETIRED = "expired", "revoked", "retired"
BOARD_RETIRED = ("Your board has been retired: its record stays public, but nothing new can be "
                 "recorded. Ask your Heard administrator if this is a mistake.")
WRONG_KEY = "This key is not one Heard knows, or it has been revoked. Check you copied all of it."
NOT_BOARD_KEY = "This is not a board's key. Sign in with the key your board was given."


@dataclass(frozen=True)
class BoardSession:
    session_hash: str
    key_id: str
    board_id: str
    csrf_token: str
    notice: str | None = None


class SignInRefused(Exception):
    """The key cannot sign in; the message says why, in words for the sign-in page."""


def hash_session(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def sign_in(uow: WorkspaceUnitOfWork, key_secret: str, now: datetime,
            idle_limit: timedelta) -> tuple[str, BoardSession]:
    """A new session for a live board key: (the session id for the cookie, the session).
    Sessions left idle past the limit by anyone are removed here, so the table stays small."""
    principal = uow.sessions.principal_for(key_secret.strip())
    if principal is None:
        raise SignInRefused(WRONG_KEY)
    if principal.role != "board" or not principal.board_id:
        raise SignInRefused(NOT_BOARD_KEY)
    if _retired(uow, principal.board_id):
        raise SignInRefused(BOARD_RETIRED)
    uow.sessions.remove_idle(now - idle_limit)
    session_id = secrets.token_urlsafe(32)
    session = BoardSession(hash_session(session_id), principal.key_id, principal.board_id,
                           secrets.token_urlsafe(32))
    uow.sessions.add({"session_hash": session.session_hash, "key_id": session.key_id,
                      "board_id": session.board_id, "csrf_token": session.csrf_token,
                      "created_at": now, "last_seen_at": now})
    uow.commit()
    return session_id, session


def resume(uow: WorkspaceUnitOfWork, session_id: str, now: datetime,
           idle_limit: timedelta) -> tuple[BoardSession | None, str | None]:
    """(the session, None), or (None, why it ended: EXPIRED, REVOKED, RETIRED or None for unknown)."""
    session_hash = hash_session(session_id)
    row = uow.sessions.get(session_hash)
    if row is None:
        return None, None
    ended = EXPIRED if now - row.last_seen_at > idle_limit else (
        REVOKED if not uow.sessions.key_is_live(row.key_id) else
        RETIRED if _retired(uow, row.board_id) else None)
    if ended:
        uow.sessions.remove(session_hash)
        uow.commit()
        return None, ended
    uow.sessions.touch(session_hash, now)
    uow.commit()
    return BoardSession(session_hash, row.key_id, row.board_id, row.csrf_token, row.notice), None


def _retired(uow: WorkspaceUnitOfWork, board_id: str) -> bool:
    board = uow.boards.get(board_id)
    return board is not None and board.is_retired


def sign_out(uow: WorkspaceUnitOfWork, session_hash: str) -> None:
    uow.sessions.remove(session_hash)
    uow.commit()


def leave_notice(uow: WorkspaceUnitOfWork, session_hash: str, notice: str) -> None:
    """A message for the next page this session sees ("3 pieces of input linked")."""
    uow.sessions.set_notice(session_hash, notice)
    uow.commit()
