"""What the use cases need from storage. SQL implementations sit beside this; tests use fakes."""
from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.decisions.domain.model import Board, Decision, InputRef, Link, ProgressEntry, Revision
from services.decisions.domain.programmes import Programme


@dataclass(frozen=True)
class OutcomeFacts:
    """What one outcome event says, in the form the read model stores."""
    decision_id: str
    board_id: str
    programme: str
    revision: int
    at: datetime
    first_publication: bool
    influences: dict[str, str]  # input_id -> influence, the complete public set of this revision


class BoardRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, board_id: str) -> Board | None: ...

    @abc.abstractmethod
    def taken_slugs(self, base: str) -> set[str]: ...

    @abc.abstractmethod
    def add(self, board: Board) -> bool:
        """Store a new board; False (and nothing stored) when its slug was taken meanwhile."""

    @abc.abstractmethod
    def save(self, board: Board) -> None:
        """Store a known board's new state and programmes (its slug never changes)."""

    @abc.abstractmethod
    def list(self, after: tuple[Any, ...] | None, limit: int, programme: str | None = None,
             status: str | None = None) -> list[Board]:
        """Up to `limit` boards after the (created_at, board_id) position `after`; `programme`:
        only the boards covering that programme (by name); `status`: only active or retired ones."""

    @abc.abstractmethod
    def count(self, programme: str | None = None, status: str | None = None) -> int:
        """How many boards `list` gives over every page with the same filters."""


class ProgrammeRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, programme_id: str) -> Programme | None: ...

    @abc.abstractmethod
    def by_name(self, name: str) -> Programme | None: ...

    @abc.abstractmethod
    def by_slug(self, slug: str) -> Programme | None: ...

    @abc.abstractmethod
    def names(self) -> list[str]:
        """Every registered programme's name, for near matches."""

    @abc.abstractmethod
    def add(self, programme: Programme) -> bool:
        """Store a new programme; False (and nothing stored) when its name or slug was taken."""

    @abc.abstractmethod
    def update(self, programme: Programme) -> None: ...

    @abc.abstractmethod
    def board_ids(self, name: str) -> list[str]:
        """The boards covering the programme, by id."""

    @abc.abstractmethod
    def list(self, after: tuple[Any, ...] | None, limit: int, status: str | None) -> list[Programme]:
        """Up to `limit` programmes after the (created_at, programme_id) position `after`."""

    @abc.abstractmethod
    def count(self, status: str | None) -> int:
        """How many programmes `list` gives over every page with the same filter."""


class DecisionRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, decision: Decision) -> None: ...

    @abc.abstractmethod
    def get(self, board_id: str, decision_id: str, *, for_update: bool = False) -> Decision | None:
        """The board's decision with links, revisions and timeline; None for another board's."""

    @abc.abstractmethod
    def save_links(self, decision_id: str, links: list[Link]) -> None: ...

    @abc.abstractmethod
    def remove_link(self, decision_id: str, input_id: str) -> None: ...

    @abc.abstractmethod
    def update_draft(self, decision: Decision) -> None:
        """Store a draft's wording and dates."""

    @abc.abstractmethod
    def delete_draft(self, decision_id: str) -> None:
        """Remove a draft and its links (a draft has no revisions or progress)."""

    @abc.abstractmethod
    def mark_published(self, decision: Decision) -> None: ...

    @abc.abstractmethod
    def add_revision(self, decision_id: str, revision: Revision) -> None:
        """Append a revision and make its links the current ones."""

    @abc.abstractmethod
    def add_progress(self, decision_id: str, entry: ProgressEntry) -> None: ...


class InputRepository(abc.ABC):
    """The read model of inputs, partners, outcomes and notifications."""

    @abc.abstractmethod
    def refs(self, input_ids: list[str]) -> dict[str, InputRef]: ...

    @abc.abstractmethod
    def apply_outcome(self, facts: OutcomeFacts) -> None: ...

    # kept in step with intake's and notify's events (service_layer/read_model.py)
    @abc.abstractmethod
    def record_submitted(self, values: dict[str, Any], topics: list[str]) -> None: ...

    def record_submitted_many(self, items: list[tuple[dict[str, Any], list[str]]]) -> None:
        """Several at once; the same result as record_submitted for each, in order."""
        for values, topics in items:
            self.record_submitted(values, topics)

    @abc.abstractmethod
    def record_withdrawn(self, input_id: str, withdrawn_at: datetime) -> None: ...

    @abc.abstractmethod
    def record_consent(self, contributor_id: str, quote_anonymously: bool, changed_at: datetime,
                       reachability: dict[str, Any] | None = None) -> None: ...

    @abc.abstractmethod
    def record_partner(self, partner_id: str, name: str, registered_at: datetime,
                       updated_at: datetime | None = None) -> None:
        """Insert, or rename when this state (updated_at, else registered_at) is newer."""

    @abc.abstractmethod
    def record_notification(self, values: dict[str, Any], input_ids: list[str]) -> None: ...

    @abc.abstractmethod
    def record_relay(self, relay_id: str, decision_id: str, how: str, relayed_at: datetime,
                     input_ids: list[str]) -> None: ...

    @abc.abstractmethod
    def record_answer(self, decision_id: str, contributor_id: str, board_id: str, answer: str,
                      answered_at: datetime) -> None: ...
