"""In-memory repositories and unit of work that subclass the real interfaces."""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from services.decisions.adapters.repository import (
    BoardRepository, DecisionRepository, InputRepository, OutcomeFacts, ProgrammeRepository,
)
from services.decisions.domain.programmes import Programme
from services.decisions.domain.model import Board, Decision, InputRef, Link, ProgressEntry, Revision
from services.decisions.service_layer.unit_of_work import UnitOfWork
from tests.support.fake_unit_of_work import FakeUnitOfWork as BaseFakeUnitOfWork


class FakeBoards(BoardRepository):
    def __init__(self, boards=()):
        self.boards = {board.board_id: board for board in boards}

    def get(self, board_id):
        return self.boards.get(board_id)

    def taken_slugs(self, base):
        return {b.slug for b in self.boards.values() if b.slug == base or b.slug.startswith(base + "-")}

    def add(self, board: Board) -> bool:
        if any(b.slug == board.slug for b in self.boards.values()):
            return False
        self.boards[board.board_id] = board
        return True

    def save(self, board: Board) -> None:
        self.boards[board.board_id] = board

    def list(self, after, limit, programme=None, status=None):
        ordered = sorted(self.boards.values(), key=lambda b: (b.created_at, b.board_id))
        return [b for b in ordered if (after is None or (b.created_at, b.board_id) > tuple(after))
                and programme in (None, *b.programmes) and status in (None, b.status)][:limit]

    def count(self, programme=None, status=None):
        return len(self.list(None, len(self.boards), programme, status))


class FakeProgrammes(ProgrammeRepository):
    def __init__(self, boards: FakeBoards):
        self.rows: dict[str, Programme] = {}
        self.boards = boards

    def get(self, programme_id):
        return self.rows.get(programme_id)

    def by_name(self, name):
        return next((p for p in self.rows.values() if p.name == name), None)

    def by_slug(self, slug):
        return next((p for p in self.rows.values() if p.slug == slug), None)

    def names(self):
        return sorted(p.name for p in self.rows.values())

    def add(self, programme):
        if self.by_name(programme.name) or self.by_slug(programme.slug):
            return False
        self.rows[programme.programme_id] = programme
        return True

    def update(self, programme):
        self.rows[programme.programme_id] = programme

    def board_ids(self, name):
        return sorted(b.board_id for b in self.boards.boards.values() if name in b.programmes)

    def list(self, after, limit, status):
        ordered = sorted(self.rows.values(), key=lambda p: (p.created_at, p.programme_id))
        return [p for p in ordered if (after is None or (p.created_at, p.programme_id) > tuple(after))
                and status in (None, p.status)][:limit]

    def count(self, status):
        return len(self.list(None, len(self.rows), status))


class FakeDecisions(DecisionRepository):
    def __init__(self):
        self.decisions: dict[str, Decision] = {}

    def add(self, decision):
        self.decisions[decision.decision_id] = copy.deepcopy(decision)

    def get(self, board_id, decision_id, *, for_update=False):
        decision = self.decisions.get(decision_id)
        if decision is None or decision.board_id != board_id:
            return None
        return copy.deepcopy(decision)

    def save_links(self, decision_id, links: list[Link]):
        self.decisions[decision_id].links.update({link.input_id: link for link in links})

    def remove_link(self, decision_id, input_id):
        del self.decisions[decision_id].links[input_id]

    def update_draft(self, decision):
        self.decisions[decision.decision_id] = copy.deepcopy(decision)

    def delete_draft(self, decision_id):
        del self.decisions[decision_id]

    def mark_published(self, decision):
        stored = self.decisions[decision.decision_id]
        stored.status, stored.published_at = decision.status, decision.published_at
        stored.no_input_considered, stored.revision = decision.no_input_considered, decision.revision

    def add_revision(self, decision_id, revision: Revision):
        stored = self.decisions[decision_id]
        stored.revisions.append(revision)
        stored.revision = revision.number
        stored.links = {link.input_id: link for link in revision.links}
        stored.correct(revision.corrections)

    def add_progress(self, decision_id, entry: ProgressEntry):
        self.decisions[decision_id].timeline.append(entry)


class FakeInputs(InputRepository):
    def __init__(self, refs=()):
        self.inputs = {ref.input_id: ref for ref in refs}
        self.outcomes: list[OutcomeFacts] = []

    def refs(self, input_ids):
        return {i: self.inputs[i] for i in input_ids if i in self.inputs}

    def apply_outcome(self, facts):
        self.outcomes.append(facts)

    # the read model's event handlers are tested against SQL (tests/integration/decisions)
    def record_submitted(self, values, topics):
        raise NotImplementedError

    def record_withdrawn(self, input_id, withdrawn_at):
        raise NotImplementedError

    def record_consent(self, contributor_id, quote_anonymously, changed_at, reachability=None):
        raise NotImplementedError

    def record_partner(self, partner_id, name, registered_at, updated_at=None):
        raise NotImplementedError

    def record_relay(self, relay_id, decision_id, how, relayed_at, input_ids):
        raise NotImplementedError("the read model's relays are tested against SQL")

    def record_answer(self, decision_id, contributor_id, board_id, answer, answered_at):
        raise NotImplementedError("the read model's answers are tested against SQL")

    def record_notification(self, values, input_ids):
        raise NotImplementedError


class FakeUnitOfWork(BaseFakeUnitOfWork):
    def __init__(self, boards=(), refs=()) -> None:
        super().__init__()
        self.boards, self.decisions, self.inputs = FakeBoards(boards), FakeDecisions(), FakeInputs(refs)
        self.programmes = FakeProgrammes(self.boards)

    @property
    def connection(self) -> Connection:
        raise AssertionError("the read side queries a real database: test it in tests/integration")


if TYPE_CHECKING:  # mypy proves the fake offers what the real unit of work offers
    _satisfies_the_protocol: type[UnitOfWork] = FakeUnitOfWork


def input_ref(input_id: str, programme: str = "Crisis care", withdrawn: bool = False) -> InputRef:
    return InputRef(input_id, "6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10",
                    "a3d5e7f9-1b2c-4d3e-8f4a-5b6c7d8e9f01", programme, withdrawn)
