"""Intake's unit of work: one transaction over intake's tables, outbox and inbox."""
from __future__ import annotations

from services.common.db.unit_of_work import SqlUnitOfWork


class IntakeUnitOfWork(SqlUnitOfWork):
    pass
