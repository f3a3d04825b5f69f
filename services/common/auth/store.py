"""Reading and writing the api_keys table, and turning key events into rows."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from services.common.auth.keys import NewKey, Principal, check_owner, generate_key, hash_key
from services.common.contracts.registry import contract_for
from services.common.db.types import utcnow


def issue_key(uow, *, role: str, partner_id: str | None = None, board_id: str | None = None,
              label: str = "") -> tuple[NewKey, dict[str, Any]]:
    """Store a new key and publish its hash so the other services accept it too."""
    check_owner(role, partner_id, board_id)
    new_key = generate_key()
    record = {"key_id": new_key.key_id, "key_hash": new_key.key_hash, "role": role,
              "partner_id": partner_id, "board_id": board_id, "label": label,
              "created_at": utcnow(), "revoked_at": None}
    uow.connection.execute(insert(_table(uow)).values(issued_by=uow.producer, **record))
    uow.publish(contract_for(uow.producer, "api-key-changed", 1), record)
    return new_key, record


def revoke_key(uow, key_id: str) -> dict[str, Any] | None:
    table = _table(uow)
    row = uow.connection.execute(select(table).where(
        table.c.key_id == key_id, table.c.issued_by == uow.producer)).mappings().first()
    if row is None:
        return None
    record = {k: row[k] for k in ("key_id", "key_hash", "role", "partner_id", "board_id", "label",
                                  "created_at", "revoked_at")}
    if record["revoked_at"] is None:
        record["revoked_at"] = utcnow()
        uow.connection.execute(update(table).where(table.c.key_id == key_id)
                               .values(revoked_at=record["revoked_at"]))
        uow.publish(contract_for(uow.producer, "api-key-changed", 1), record)
    return record


def apply_key_event(connection: Connection, table: Table, payload: dict[str, Any],
                    issued_by: str) -> None:
    """Upsert from an api-key-changed event. A revocation is never undone by an older event."""
    values = {
        "key_hash": payload["key_hash"], "role": payload["role"],
        "partner_id": _str(payload["partner_id"]), "board_id": _str(payload["board_id"]),
        "label": payload["label"], "created_at": payload["created_at"],
        "revoked_at": payload["revoked_at"],
    }
    key_id = str(payload["key_id"])
    existing = connection.execute(select(table.c.revoked_at).where(table.c.key_id == key_id)).first()
    if existing is None:
        connection.execute(insert(table).values(key_id=key_id, issued_by=issued_by, **values))
        return
    if values["revoked_at"] is None:
        del values["revoked_at"]  # an issue event never clears a revocation
    # the condition, not the read above, guards against a revocation committed in between
    connection.execute(update(table).where(table.c.key_id == key_id, table.c.revoked_at.is_(None))
                       .values(**values))


def find_principal(connection: Connection, table: Table, secret: str,
                   now: datetime | None = None) -> Principal | None:
    row = connection.execute(select(table).where(table.c.key_hash == hash_key(secret))).first()
    if row is None or row.revoked_at is not None:
        return None
    return Principal(key_id=row.key_id, role=row.role, partner_id=row.partner_id,
                     board_id=row.board_id)


def _table(uow) -> Table:
    return uow.tables["api_keys"]


def _str(value) -> str | None:
    return None if value is None else str(value)
