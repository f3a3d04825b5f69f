"""Decisions's unit of work: one transaction over decisions's tables, outbox and inbox.

`UnitOfWork` is what the use cases may rely on; `DecisionsUnitOfWork` is the SQL one, and the fake
in tests/unit/decisions/fakes.py satisfies the same protocol (mypy checks both)."""
from __future__ import annotations

from typing import Protocol, Self

from sqlalchemy import Connection

from services.common.db import unit_of_work as common
from services.decisions.adapters.boards_sql import SqlBoardRepository
from services.decisions.adapters.decisions_sql import SqlDecisionRepository
from services.decisions.adapters.programmes_sql import SqlProgrammeRepository
from services.decisions.adapters.read_model_sql import SqlInputRepository
from services.decisions.adapters.repository import (
    BoardRepository, DecisionRepository, InputRepository, ProgrammeRepository,
)
from services.decisions.adapters.sessions_sql import SqlSessionRepository


class UnitOfWork(common.UnitOfWork, Protocol):
    # read-only properties, so a unit of work may hold a subclass of each repository
    @property
    def boards(self) -> BoardRepository: ...
    @property
    def programmes(self) -> ProgrammeRepository: ...
    @property
    def decisions(self) -> DecisionRepository: ...
    @property
    def inputs(self) -> InputRepository: ...
    @property
    def connection(self) -> Connection:
        """The read side (views/) queries the transaction's connection, as cosmicpython's views do."""


class DecisionsUnitOfWork(common.SqlUnitOfWork):
    """Adds the boards, decisions and inputs repositories on the transaction's connection."""

    boards: SqlBoardRepository
    programmes: SqlProgrammeRepository
    decisions: SqlDecisionRepository
    inputs: SqlInputRepository
    sessions: SqlSessionRepository  # the board workspace's sign-ins

    def __enter__(self) -> Self:
        super().__enter__()
        self.boards = SqlBoardRepository(self.connection)
        self.programmes = SqlProgrammeRepository(self.connection)
        self.decisions = SqlDecisionRepository(self.connection)
        self.inputs = SqlInputRepository(self.connection)
        self.sessions = SqlSessionRepository(self.connection, self.tables["api_keys"])
        return self


class WorkspaceUnitOfWork(UnitOfWork, Protocol):
    """What the board workspace's sign-in use cases also need: its sessions."""
    @property
    def sessions(self) -> SqlSessionRepository: ...


_satisfies_the_protocol: type[UnitOfWork] = DecisionsUnitOfWork
_satisfies_the_workspace_protocol: type[WorkspaceUnitOfWork] = DecisionsUnitOfWork
