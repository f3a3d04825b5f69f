"""Decisions's unit of work: one transaction over decisions's tables, outbox and inbox."""
from __future__ import annotations

from services.common.db.unit_of_work import SqlUnitOfWork
from services.decisions.adapters.boards_sql import SqlBoardRepository
from services.decisions.adapters.decisions_sql import SqlDecisionRepository
from services.decisions.adapters.read_model_sql import SqlInputRepository
from services.decisions.adapters.sessions_sql import SqlSessionRepository


class DecisionsUnitOfWork(SqlUnitOfWork):
    """Adds the boards, decisions and inputs repositories on the transaction's connection."""

    def __enter__(self):
        super().__enter__()
        self.boards = SqlBoardRepository(self.connection)
        self.decisions = SqlDecisionRepository(self.connection)
        self.inputs = SqlInputRepository(self.connection)
        self.sessions = SqlSessionRepository(self.connection, self.tables["api_keys"])
        return self
