"""The programmes intake knows, in SQL."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlalchemy import Connection, and_, delete, func, insert, or_, select

from services.intake.adapters.orm import programmes
from services.intake.adapters.repositories import ProgrammeRepository
from services.intake.domain.programmes import OPEN, KnownProgramme


class SqlProgrammeRepository(ProgrammeRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def get(self, programme_id: str) -> KnownProgramme | None:
        row = self.connection.execute(select(programmes).where(
            programmes.c.programme_id == programme_id)).mappings().first()
        return KnownProgramme(**row) if row else None

    def by_names(self, names: list[str]) -> dict[str, KnownProgramme]:
        rows = self.connection.execute(select(programmes).where(programmes.c.name.in_(set(names)))).mappings()
        return {row["name"]: KnownProgramme(**row) for row in rows}

    def open_names(self) -> list[str]:
        return list(self.connection.execute(select(programmes.c.name).where(programmes.c.status == OPEN)
                                            .order_by(programmes.c.name)).scalars())

    def save(self, programme: KnownProgramme) -> None:
        self.connection.execute(delete(programmes).where(programmes.c.programme_id == programme.programme_id))
        self.connection.execute(insert(programmes).values(**asdict(programme)))

    def list(self, after: tuple[datetime, str] | None, limit: int) -> list[KnownProgramme]:
        query = select(programmes).order_by(programmes.c.updated_at, programmes.c.programme_id).limit(limit)
        if after is not None:
            at, programme_id = after
            query = query.where(or_(programmes.c.updated_at > at, and_(
                programmes.c.updated_at == at, programmes.c.programme_id > programme_id)))
        return [KnownProgramme(**row) for row in self.connection.execute(query).mappings()]

    def count(self) -> int:
        return self.connection.execute(select(func.count()).select_from(programmes)).scalar_one()
