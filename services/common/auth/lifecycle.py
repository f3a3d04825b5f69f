"""A key's life after issue: rotation with an overlap, its last use, and listing without secrets."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, and_, func, literal, or_, select, tuple_, update
from sqlalchemy.sql.elements import ColumnElement

from services.common.auth.keys import NewKey, Principal
from services.common.auth.store import issue_key, own_key
from services.common.contracts.registry import contract_for
from services.common.db.types import utcnow
from services.common.errors import Conflict, NotFound

# last_used_at is kept to the minute: a request writes only when the stored time is older
LAST_USED_PRECISION = timedelta(minutes=1)
# how long a new key takes to work on the other services: their workers read the key topics
# continuously, so it is seconds while they run; `heard keys create --wait` waits for it
PROPAGATION = ("A new key works here at once and on the other services as soon as their workers "
               "have read the key topic: usually within 5 seconds while every worker runs, "
               "later if one is down. A revocation or rotation reaches them the same way.")
LISTED_FIELDS = ("key_id", "role", "partner_id", "board_id", "label", "issued_by", "created_at",
                 "revoked_at", "expires_at", "last_used_at")


def rotate_key(uow, key_id: str, overlap: timedelta,
               now: datetime | None = None) -> tuple[NewKey, dict[str, Any], dict[str, Any]]:
    """A new key for the same owner; the old one keeps working until now + overlap.

    Returns (new key, its record, the old key's record). NotFound for a key this service did not
    issue, Conflict for one already revoked or expired. The caller commits.
    """
    now = now or utcnow()
    old = own_key(uow, key_id)
    if old is None:
        raise NotFound("No such key issued by this service.", field="key_id")
    if old["revoked_at"] is not None or (old["expires_at"] is not None and old["expires_at"] <= now):
        raise Conflict("This key is revoked or expired: issue a new one instead.", field="key_id")
    ends = now + overlap
    if old["expires_at"] is None or ends < old["expires_at"]:
        old["expires_at"] = ends
        table = uow.tables["api_keys"]
        uow.connection.execute(update(table).where(table.c.key_id == key_id)
                               .values(expires_at=ends))
        uow.publish(contract_for(uow.producer, "api-key-changed", 1), old)
    new_key, record = issue_key(uow, role=old["role"], partner_id=old["partner_id"],
                                board_id=old["board_id"], label=old["label"])
    return new_key, record, old


def use_worth_recording(principal: Principal, now: datetime | None = None) -> bool:
    """False while the stored last use is under a minute old: then no transaction is needed at all
    (on SQLite every write transaction takes the database's one write lock)."""
    last = principal.last_used_at
    return last is None or (now or utcnow()) - last >= LAST_USED_PRECISION


def record_key_use(uow, principal: Principal, now: datetime | None = None) -> None:
    """Note that the key was used now, at most once a minute per key (a write per request would
    serialise every request on SQLite). Commits its own small transaction."""
    now = now or utcnow()
    if not use_worth_recording(principal, now):
        return
    table = uow.tables["api_keys"]
    uow.connection.execute(update(table).where(
        table.c.key_id == principal.key_id,
        or_(table.c.last_used_at.is_(None), table.c.last_used_at < now - LAST_USED_PRECISION),
    ).values(last_used_at=now))
    uow.commit()


def list_keys(connection: Connection, table: Table, after: tuple[datetime, str] | None, limit: int,
              *, partner_id: str | None = None, board_id: str | None = None,
              issued_by: str | None = None) -> Sequence[dict[str, Any]]:
    """Keys in (created_at, key_id) order after `after`, never with their hash."""
    query = select(*(table.c[name] for name in LISTED_FIELDS))
    conditions = _keys_matching(table, partner_id, board_id, issued_by)
    if after is not None:
        # typed, so SQLite compares the stored UTC text with the same form
        at = literal(after[0], table.c.created_at.type)
        conditions.append(tuple_(table.c.created_at, table.c.key_id) > tuple_(at, literal(after[1])))
    if conditions:
        query = query.where(and_(*conditions))
    query = query.order_by(table.c.created_at, table.c.key_id).limit(limit)
    return [dict(row) for row in connection.execute(query).mappings()]


def count_keys(connection: Connection, table: Table, *, partner_id: str | None = None,
               board_id: str | None = None, issued_by: str | None = None) -> int:
    """How many keys list_keys gives over every page with the same filters."""
    return connection.execute(select(func.count()).select_from(table).where(
        *_keys_matching(table, partner_id, board_id, issued_by))).scalar_one()


def _keys_matching(table: Table, partner_id: str | None, board_id: str | None,
                   issued_by: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if partner_id is not None:
        conditions.append(table.c.partner_id == partner_id)
    if board_id is not None:
        conditions.append(table.c.board_id == board_id)
    if issued_by is not None:
        conditions.append(table.c.issued_by == issued_by)
    return conditions
