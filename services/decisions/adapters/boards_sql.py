"""Boards in SQL."""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from services.decisions.adapters.orm import board_programmes, boards
from services.decisions.adapters.repository import BoardRepository
from services.decisions.domain.model import Board


class SqlBoardRepository(BoardRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def list(self, after: tuple[Any, ...] | None, limit: int, programme: str | None = None,
             status: str | None = None) -> list[Board]:
        query = select(boards.c.board_id).where(*_boards_matching(programme, status))
        if after is not None:
            at, last_id = after
            query = query.where(or_(boards.c.created_at > at,
                                    and_(boards.c.created_at == at, boards.c.board_id > last_id)))
        query = query.order_by(boards.c.created_at, boards.c.board_id).limit(limit)
        found = (self.get(board_id) for board_id in self.connection.execute(query).scalars().all())
        return [board for board in found if board is not None]

    def count(self, programme: str | None = None, status: str | None = None) -> int:
        return self.connection.execute(select(func.count()).select_from(boards)
                                       .where(*_boards_matching(programme, status))).scalar_one()

    def get(self, board_id: str) -> Board | None:
        row = self.connection.execute(select(boards).where(boards.c.board_id == board_id)).first()
        if row is None:
            return None
        programmes = self.connection.execute(
            select(board_programmes.c.programme).where(board_programmes.c.board_id == board_id)
            .order_by(board_programmes.c.programme)).scalars().all()
        return Board(row.board_id, row.name, row.slug, row.organisation, row.outcome_due_days,
                     row.created_at, tuple(programmes), row.status, row.retired_at, row.updated_at)

    def taken_slugs(self, base: str) -> set[str]:
        like = base.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "-%"
        rows = self.connection.execute(select(boards.c.slug).where(
            or_(boards.c.slug == base, boards.c.slug.like(like, escape="\\"))))
        return set(rows.scalars())

    def add(self, board: Board) -> bool:
        # a savepoint, so losing a race for the slug leaves the transaction usable for a retry
        savepoint = self.connection.begin_nested()
        try:
            self.connection.execute(insert(boards).values(
                board_id=board.board_id, name=board.name, slug=board.slug,
                organisation=board.organisation, outcome_due_days=board.outcome_due_days,
                created_at=board.created_at, status=board.status, retired_at=board.retired_at,
                updated_at=board.updated_at))
        except IntegrityError:
            savepoint.rollback()
            return False
        if board.programmes:
            self.connection.execute(insert(board_programmes), [
                {"board_id": board.board_id, "programme": p} for p in board.programmes])
        savepoint.commit()
        return True


    def save(self, board: Board) -> None:
        self.connection.execute(update(boards).where(boards.c.board_id == board.board_id).values(
            name=board.name, organisation=board.organisation, outcome_due_days=board.outcome_due_days,
            status=board.status, retired_at=board.retired_at, updated_at=board.updated_at))
        self.connection.execute(delete(board_programmes).where(board_programmes.c.board_id == board.board_id))
        if board.programmes:
            self.connection.execute(insert(board_programmes), [
                {"board_id": board.board_id, "programme": p} for p in board.programmes])


def _boards_matching(programme: str | None, status: str | None) -> list:
    conditions = []
    if status is not None:
        conditions.append(boards.c.status == status)
    if programme is not None:
        conditions.append(boards.c.board_id.in_(
            select(board_programmes.c.board_id).where(board_programmes.c.programme == programme)))
    return conditions
