"""Programmes in SQL."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from services.decisions.adapters.orm import board_programmes, programmes
from services.decisions.adapters.repository import ProgrammeRepository
from services.decisions.domain.programmes import Programme

FIELDS = ("programme_id", "name", "slug", "description", "status", "created_at", "updated_at",
          "shared_decision_stage")


def _programme(row: Any) -> Programme:
    return Programme(**{name: getattr(row, name) for name in FIELDS})


class SqlProgrammeRepository(ProgrammeRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def _one(self, column: Any, value: str) -> Programme | None:
        row = self.connection.execute(select(programmes).where(column == value)).first()
        return _programme(row) if row else None

    def get(self, programme_id: str) -> Programme | None:
        return self._one(programmes.c.programme_id, programme_id)

    def by_name(self, name: str) -> Programme | None:
        return self._one(programmes.c.name, name)

    def by_slug(self, slug: str) -> Programme | None:
        return self._one(programmes.c.slug, slug)

    def names(self) -> list[str]:
        return list(self.connection.execute(select(programmes.c.name).order_by(programmes.c.name)).scalars())

    def add(self, programme: Programme) -> bool:
        # a savepoint, so losing a race for the name or slug leaves the transaction usable
        savepoint = self.connection.begin_nested()
        try:
            self.connection.execute(insert(programmes).values(
                **{name: getattr(programme, name) for name in FIELDS}))
        except IntegrityError:
            savepoint.rollback()
            return False
        savepoint.commit()
        return True

    def update(self, programme: Programme) -> None:
        self.connection.execute(update(programmes).where(
            programmes.c.programme_id == programme.programme_id).values(
            description=programme.description, status=programme.status,
            shared_decision_stage=programme.shared_decision_stage, updated_at=programme.updated_at))

    def board_ids(self, name: str) -> list[str]:
        return list(self.connection.execute(
            select(board_programmes.c.board_id).where(board_programmes.c.programme == name)
            .order_by(board_programmes.c.board_id)).scalars())

    def list(self, after: tuple[Any, ...] | None, limit: int, status: str | None) -> list[Programme]:
        query = select(programmes).order_by(programmes.c.created_at, programmes.c.programme_id).limit(limit)
        if after is not None:
            created_at, programme_id = after
            query = query.where(or_(programmes.c.created_at > created_at,
                                    and_(programmes.c.created_at == created_at,
                                         programmes.c.programme_id > programme_id)))
        if status is not None:
            query = query.where(programmes.c.status == status)
        return [_programme(row) for row in self.connection.execute(query)]

    def count(self, status: str | None) -> int:
        query = select(func.count()).select_from(programmes)
        if status is not None:
            query = query.where(programmes.c.status == status)
        return self.connection.execute(query).scalar_one()
