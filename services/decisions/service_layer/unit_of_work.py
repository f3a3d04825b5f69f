"""Decisions's unit of work: one transaction over decisions's tables, outbox and inbox."""
from __future__ import annotations

from services.common.db.unit_of_work import SqlUnitOfWork


class DecisionsUnitOfWork(SqlUnitOfWork):
    pass
