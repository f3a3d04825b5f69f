"""Stored first responses to Idempotency-Keys, in SQL."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from services.intake.adapters.orm import idempotency_keys as table
from services.intake.adapters.repositories import IdempotencyRepository, StoredResponse


class SqlIdempotencyRepository(IdempotencyRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def get(self, owner: str, idempotency_key: str) -> StoredResponse | None:
        row = self.connection.execute(select(table).where(
            table.c.owner == owner, table.c.idempotency_key == idempotency_key)).first()
        if row is None:
            return None
        return StoredResponse(owner=row.owner, idempotency_key=row.idempotency_key,
                              request_hash=row.request_hash, status=row.response_status,
                              body=row.response_body, location=row.location,
                              created_at=row.created_at)

    def add(self, response: StoredResponse) -> None:
        self.connection.execute(insert(table).values(
            owner=response.owner, idempotency_key=response.idempotency_key,
            request_hash=response.request_hash, response_status=response.status,
            response_body=response.body, location=response.location,
            created_at=response.created_at))

    def delete_older_than(self, cutoff: datetime) -> int:
        return self.connection.execute(delete(table).where(table.c.created_at < cutoff)).rowcount
