"""Board workspace sessions in SQL, and the look-up of the key that opened each one."""
from __future__ import annotations

from datetime import datetime

from typing import Any

from sqlalchemy import Connection, Row, Table, delete, insert, select, update

from services.common.auth.keys import Principal
from services.common.auth.store import find_principal
from services.decisions.adapters.orm import board_sessions


class SqlSessionRepository:
    def __init__(self, connection: Connection, api_keys: Table):
        self.connection = connection
        self.api_keys = api_keys

    def add(self, values: dict[str, object]) -> None:
        self.connection.execute(insert(board_sessions).values(**values))

    def get(self, session_hash: str) -> Row[Any] | None:
        return self.connection.execute(select(board_sessions).where(
            board_sessions.c.session_hash == session_hash)).first()

    def touch(self, session_hash: str, now: datetime) -> None:
        """Mark the session used now, and clear the notice it is about to show."""
        self.connection.execute(update(board_sessions).where(
            board_sessions.c.session_hash == session_hash).values(last_seen_at=now, notice=None))

    def set_notice(self, session_hash: str, notice: str) -> None:
        self.connection.execute(update(board_sessions).where(
            board_sessions.c.session_hash == session_hash).values(notice=notice))

    def remove(self, session_hash: str) -> None:
        self.connection.execute(delete(board_sessions).where(
            board_sessions.c.session_hash == session_hash))

    def remove_idle(self, last_seen_before: datetime) -> int:
        """Forget sessions nobody has used since `last_seen_before`; how many there were."""
        return self.connection.execute(delete(board_sessions).where(
            board_sessions.c.last_seen_at < last_seen_before)).rowcount

    def principal_for(self, key_secret: str) -> Principal | None:
        """Who a key belongs to, if it is live."""
        return find_principal(self.connection, self.api_keys, key_secret)

    def key_is_live(self, key_id: str) -> bool:
        """The key exists and is not revoked (revocations reach this table from the key topics)."""
        row = self.connection.execute(select(self.api_keys.c.revoked_at).where(
            self.api_keys.c.key_id == key_id)).first()
        return row is not None and row.revoked_at is None
