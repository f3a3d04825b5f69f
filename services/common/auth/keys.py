"""Key material. Keys are 256-bit random secrets, so a plain SHA-256 is a safe stored form."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime

ROLES = ("admin", "partner", "board")


@dataclass(frozen=True)
class Principal:
    key_id: str
    role: str
    partner_id: str | None
    board_id: str | None
    # when this service last recorded the key's use: only for deciding whether to record it again
    last_used_at: datetime | None = field(default=None, compare=False)


@dataclass(frozen=True)
class NewKey:
    key_id: str
    secret: str  # shown once, never stored
    key_hash: str


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def generate_key() -> NewKey:
    key_id = str(uuid.uuid4())
    secret = "heard_" + secrets.token_urlsafe(32)
    return NewKey(key_id=key_id, secret=secret, key_hash=hash_key(secret))


def check_owner(role: str, partner_id: str | None, board_id: str | None) -> None:
    """A key belongs to exactly what its role needs: raises ValueError naming the field."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if role == "partner" and (not partner_id or board_id):
        raise ValueError("a partner key needs partner_id and no board_id")
    if role == "board" and (not board_id or partner_id):
        raise ValueError("a board key needs board_id and no partner_id")
    if role == "admin" and (partner_id or board_id):
        raise ValueError("an admin key belongs to no partner or board")
