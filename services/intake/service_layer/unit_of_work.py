"""Intake's unit of work: one transaction over intake's tables, outbox and inbox.

`UnitOfWork` is what the use cases may rely on; `IntakeUnitOfWork` is the SQL one, and the fake in
tests/unit/intake/fakes.py satisfies the same protocol (mypy checks both)."""
from __future__ import annotations

from typing import Protocol, Self

from services.common.db import unit_of_work as common
from services.intake.adapters.repositories import (
    ContributorRepository, IdempotencyRepository, InputRepository, OutcomeRepository, PartnerRepository,
    ProgrammeRepository,
)
from services.intake.adapters.sql_answers import SqlAnswerStore
from services.intake.adapters.sql_contacts import SqlContributorRepository, SqlPartnerRepository
from services.intake.adapters.sql_idempotency import SqlIdempotencyRepository
from services.intake.adapters.sql_inputs import SqlInputRepository
from services.intake.adapters.sql_outcomes import SqlOutcomeRepository
from services.intake.adapters.sql_programmes import SqlProgrammeRepository
from services.intake.adapters.sql_relays import SqlRelayList


class UnitOfWork(common.UnitOfWork, Protocol):
    # read-only properties, so a unit of work may hold a subclass of each repository
    @property
    def partners(self) -> PartnerRepository: ...
    @property
    def contributors(self) -> ContributorRepository: ...
    @property
    def inputs(self) -> InputRepository: ...
    @property
    def outcomes(self) -> OutcomeRepository: ...
    @property
    def idempotency(self) -> IdempotencyRepository: ...
    @property
    def programmes(self) -> ProgrammeRepository: ...


class IntakeUnitOfWork(common.SqlUnitOfWork):
    """Handlers change state through the repositories and `publish`, then commit."""

    partners: SqlPartnerRepository
    contributors: SqlContributorRepository
    inputs: SqlInputRepository
    outcomes: SqlOutcomeRepository
    idempotency: SqlIdempotencyRepository
    programmes: SqlProgrammeRepository
    relays: SqlRelayList
    answers: SqlAnswerStore

    def __enter__(self) -> Self:
        super().__enter__()
        self.partners = SqlPartnerRepository(self.connection)
        self.contributors = SqlContributorRepository(self.connection)
        self.inputs = SqlInputRepository(self.connection)
        self.outcomes = SqlOutcomeRepository(self.connection)
        self.idempotency = SqlIdempotencyRepository(self.connection)
        self.programmes = SqlProgrammeRepository(self.connection)
        self.relays = SqlRelayList(self.connection)
        self.answers = SqlAnswerStore(self.connection)
        return self


class RelayUnitOfWork(UnitOfWork, Protocol):
    """What the relay list and the answers also need (tested against SQL, not fakes)."""
    @property
    def relays(self) -> SqlRelayList: ...
    @property
    def answers(self) -> SqlAnswerStore: ...


_satisfies_the_protocol: type[UnitOfWork] = IntakeUnitOfWork
_satisfies_the_relay_protocol: type[RelayUnitOfWork] = IntakeUnitOfWork
