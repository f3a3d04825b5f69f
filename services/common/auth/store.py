"""Reading and writing the api_keys table, and turning key events into rows."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from services.common.auth.keys import NewKey, Principal, check_owner, generate_key, hash_key
from services.common.contracts.registry import contract_for
from services.common.db.types import utcnow


# what a key event carries: everything but this service's own last_used_at and issued_by
EVENT_FIELDS = ("key_id", "key_hash", "role", "partner_id", "board_id", "label", "created_at",
                "revoked_at", "expires_at")


def issue_key(uow, *, role: str, partner_id: str | None = None, board_id: str | None = None,
              label: str = "", expires_at: datetime | None = None) -> tuple[NewKey, dict[str, Any]]:
    """Store a new key and publish its hash so the other services accept it too."""
    check_owner(role, partner_id, board_id)
    new_key = generate_key()
    record = {"key_id": new_key.key_id, "key_hash": new_key.key_hash, "role": role,
              "partner_id": partner_id, "board_id": board_id, "label": label,
              "created_at": utcnow(), "revoked_at": None, "expires_at": expires_at}
    uow.connection.execute(insert(_table(uow)).values(issued_by=uow.producer, **record))
    uow.publish(contract_for(uow.producer, "api-key-changed", 1), record)
    return new_key, record


def own_key(uow, key_id: str) -> dict[str, Any] | None:
    """The event fields of a key this service issued, or None."""
    table = _table(uow)
    row = uow.connection.execute(select(table).where(
        table.c.key_id == key_id, table.c.issued_by == uow.producer)).mappings().first()
    return None if row is None else {k: row[k] for k in EVENT_FIELDS}


def revoke_key(uow, key_id: str) -> dict[str, Any] | None:
    table = _table(uow)
    record = own_key(uow, key_id)
    if record is None:
        return None
    if record["revoked_at"] is None:
        record["revoked_at"] = utcnow()
        uow.connection.execute(update(table).where(table.c.key_id == key_id)
                               .values(revoked_at=record["revoked_at"]))
        uow.publish(contract_for(uow.producer, "api-key-changed", 1), record)
    return record


# which roles each key issuer may grant; a key event outside this table is forged or broken
GRANTABLE_ROLES = {"intake": ("admin", "partner"), "decisions": ("admin", "board")}
# what an issuer may change on a key after issuing it; the secret's hash and its owner never change
_IMMUTABLE = ("key_hash", "role", "partner_id", "board_id")


class KeyEventRejected(ValueError):
    """A key event that must not be applied; the message says why (ids and roles only)."""


def check_key_event(payload: dict[str, Any], issuer: str, producer: str | None) -> None:
    """Raise KeyEventRejected unless `issuer` (the topic's owner) may send this event."""
    if producer is not None and producer != issuer:
        raise KeyEventRejected(f"key event from producer {producer!r} on {issuer}'s key topic")
    if payload["role"] not in GRANTABLE_ROLES.get(issuer, ()):
        raise KeyEventRejected(f"{issuer} may not grant the role {payload['role']!r}")
    try:
        check_owner(payload["role"], _str(payload["partner_id"]), _str(payload["board_id"]))
    except ValueError as exc:
        raise KeyEventRejected(str(exc)) from None


def apply_key_event(connection: Connection, table: Table, payload: dict[str, Any],
                    issued_by: str, producer: str | None = None) -> None:
    """Upsert from an api-key-changed event. A revocation is never undone by an older event.

    Raises KeyEventRejected for an event its topic's owner could not have sent, or an update of
    a key by anyone but the key's own issuer, or one that changes the key's hash, role or owner.
    """
    check_key_event(payload, issued_by, producer)
    values = {
        "key_hash": payload["key_hash"], "role": payload["role"],
        "partner_id": _str(payload["partner_id"]), "board_id": _str(payload["board_id"]),
        "label": payload["label"], "created_at": payload["created_at"],
        "revoked_at": payload["revoked_at"], "expires_at": payload.get("expires_at"),
    }
    key_id = str(payload["key_id"])
    existing = connection.execute(select(table).where(table.c.key_id == key_id)).mappings().first()
    if existing is None:
        clash = connection.execute(select(table.c.key_id).where(
            table.c.key_hash == values["key_hash"])).first()
        if clash is not None:
            raise KeyEventRejected(f"key {key_id} reuses the hash of key {clash.key_id}")
        connection.execute(insert(table).values(key_id=key_id, issued_by=issued_by, **values))
        return
    if existing["issued_by"] != issued_by:
        raise KeyEventRejected(
            f"key {key_id} was issued by {existing['issued_by']}, not {issued_by}")
    changed = [name for name in _IMMUTABLE if existing[name] != values[name]]
    if changed:
        raise KeyEventRejected(f"key {key_id}: an update may not change {', '.join(changed)}")
    if values["revoked_at"] is None:
        del values["revoked_at"]  # an issue event never clears a revocation
    if existing["expires_at"] is not None and (
            values["expires_at"] is None or values["expires_at"] > existing["expires_at"]):
        del values["expires_at"]  # nor does an older event push back an expiry (a rotation's)
    # the condition, not the read above, guards against a revocation committed in between
    connection.execute(update(table).where(table.c.key_id == key_id, table.c.revoked_at.is_(None))
                       .values(**values))


def find_principal(connection: Connection, table: Table, secret: str,
                   now: datetime | None = None) -> Principal | None:
    """The key's owner, or None for a key that is unknown, revoked or past its expiry."""
    row = connection.execute(select(table).where(table.c.key_hash == hash_key(secret))).first()
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and row.expires_at <= (now or utcnow()):
        return None
    return Principal(key_id=row.key_id, role=row.role, partner_id=row.partner_id,
                     board_id=row.board_id, last_used_at=row.last_used_at)


def _table(uow) -> Table:
    return uow.tables["api_keys"]


def _str(value) -> str | None:
    return None if value is None else str(value)
