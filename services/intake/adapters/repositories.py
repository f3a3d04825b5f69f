"""What the service layer needs from storage. SQL implementations sit next to this file;
unit tests use in-memory fakes that subclass these same interfaces."""
from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime

from services.intake.domain.contributors import ConsentRecord, Contributor
from services.intake.domain.inputs import Input
from services.intake.domain.outcomes import Outcome
from services.intake.domain.partners import Partner
from services.intake.domain.programmes import KnownProgramme
from services.intake.domain.status import StatusChange


@dataclass(frozen=True)
class InputQuery:
    partner_id: str | None = None  # None: every partner's (admin)
    programme: str | None = None
    status: str | None = None
    topic: str | None = None
    since: datetime | None = None


@dataclass(frozen=True)
class ContributorQuery:
    partner_id: str | None = None  # None: every partner's (admin)
    partner_ref: str | None = None
    erased: bool | None = None


@dataclass(frozen=True)
class StoredResponse:
    """The first response given to an Idempotency-Key, replayed to every retry."""
    owner: str
    idempotency_key: str
    request_hash: str
    status: int
    body: str
    location: str | None
    created_at: datetime


class PartnerRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, partner: Partner) -> None: ...

    @abc.abstractmethod
    def get(self, partner_id: str) -> Partner | None: ...

    @abc.abstractmethod
    def save(self, partner: Partner) -> None: ...

    @abc.abstractmethod
    def list(self, after: tuple[datetime, str] | None, limit: int, *, name: str | None = None,
             partner_id: str | None = None) -> list[Partner]:
        """Ordered by (created_at, partner_id), strictly after `after`; `name`: a part of the name,
        any case; `partner_id`: only that one (a partner's own key)."""

    @abc.abstractmethod
    def count(self, *, name: str | None = None, partner_id: str | None = None) -> int:
        """How many partners `list` gives over every page with the same filters."""


class ProgrammeRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, programme_id: str) -> KnownProgramme | None: ...

    @abc.abstractmethod
    def by_names(self, names: list[str]) -> dict[str, KnownProgramme]: ...

    @abc.abstractmethod
    def open_names(self) -> list[str]: ...

    @abc.abstractmethod
    def save(self, programme: KnownProgramme) -> None:
        """Insert or replace by id (a name is never reused by another programme)."""

    @abc.abstractmethod
    def list(self, after: tuple[datetime, str] | None, limit: int) -> list[KnownProgramme]:
        """Ordered by (updated_at, programme_id), strictly after `after`."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many programmes intake has heard of."""


class ContributorRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, contributor: Contributor) -> None:
        """Raises PartnerRefTaken when the partner already has a contributor with its partner_ref."""

    @abc.abstractmethod
    def get(self, contributor_id: str) -> Contributor | None:
        """With its consent history, oldest first."""

    @abc.abstractmethod
    def save(self, contributor: Contributor) -> None:
        """Raises PartnerRefTaken as add does."""

    @abc.abstractmethod
    def list(self, query: ContributorQuery, after: tuple[datetime, str] | None,
             limit: int) -> list[Contributor]:
        """Ordered by (created_at, contributor_id), strictly after `after`; without consent history."""

    @abc.abstractmethod
    def count(self, query: ContributorQuery) -> int: ...

    @abc.abstractmethod
    def record_consent(self, contributor_id: str, record: ConsentRecord) -> None: ...


class InputRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, input_: Input) -> None:
        """The input, its topics and its status history so far."""

    @abc.abstractmethod
    def get_many(self, input_ids: list[str]) -> dict[str, Input]:
        """The inputs this database knows among `input_ids`, with topics and history."""

    def get(self, input_id: str) -> Input | None:
        return self.get_many([input_id]).get(input_id)

    @abc.abstractmethod
    def list(self, query: InputQuery, after: tuple[datetime, str] | None, limit: int) -> list[Input]:
        """Ordered by (submitted_at, input_id), strictly after `after`."""

    @abc.abstractmethod
    def count(self, query: InputQuery) -> int:
        """How many inputs `list` would give over every page."""

    @abc.abstractmethod
    def move_status(self, input_id: str, expected: str, change: StatusChange,
                    withdrawal_reason: str | None = None) -> bool:
        """Set the status if it is still `expected` and add it to the history; False if not."""


class OutcomeRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, decision_id: str, input_id: str) -> Outcome | None: ...

    @abc.abstractmethod
    def save(self, outcome: Outcome) -> None:
        """Insert or replace the row for (decision_id, input_id)."""

    @abc.abstractmethod
    def for_decision(self, decision_id: str) -> list[Outcome]: ...

    @abc.abstractmethod
    def for_input(self, input_id: str) -> list[Outcome]: ...


class IdempotencyRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, owner: str, idempotency_key: str) -> StoredResponse | None: ...

    @abc.abstractmethod
    def add(self, response: StoredResponse) -> None: ...

    @abc.abstractmethod
    def delete_older_than(self, cutoff: datetime) -> int:
        """Forget responses stored before `cutoff`; returns how many."""
