"""Intake's unit of work: one transaction over intake's tables, outbox and inbox."""
from __future__ import annotations

from services.common.db.unit_of_work import SqlUnitOfWork
from services.intake.adapters.sql_answers import SqlAnswerStore
from services.intake.adapters.sql_contacts import SqlContributorRepository, SqlPartnerRepository
from services.intake.adapters.sql_idempotency import SqlIdempotencyRepository
from services.intake.adapters.sql_inputs import SqlInputRepository
from services.intake.adapters.sql_outcomes import SqlOutcomeRepository
from services.intake.adapters.sql_relays import SqlRelayList


class IntakeUnitOfWork(SqlUnitOfWork):
    """Handlers change state through the repositories and `publish`; the caller commits."""

    def __enter__(self):
        super().__enter__()
        self.partners = SqlPartnerRepository(self.connection)
        self.contributors = SqlContributorRepository(self.connection)
        self.inputs = SqlInputRepository(self.connection)
        self.outcomes = SqlOutcomeRepository(self.connection)
        self.idempotency = SqlIdempotencyRepository(self.connection)
        self.relays = SqlRelayList(self.connection)
        self.answers = SqlAnswerStore(self.connection)
        return self
