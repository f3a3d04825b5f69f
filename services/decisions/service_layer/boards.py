"""Registering decision boards."""
from __future__ import annotations

import uuid
from datetime import datetime

from services.common.contracts.registry import contract_for
from services.common.db.types import utcnow
from services.decisions.domain.errors import NotFound
from services.decisions.domain.model import Board
from services.decisions.domain.rules import slug_candidates, slugify
from services.decisions.service_layer.unit_of_work import UnitOfWork

BOARD_REGISTERED = contract_for("decisions", "board-registered", 1)


def register_board(uow: UnitOfWork, *, name: str, organisation: str, outcome_due_days: int,
                   programmes: list[str], now: datetime | None = None) -> Board:
    now = now or utcnow()
    taken = uow.boards.taken_slugs(slugify(name))
    board_id = str(uuid.uuid4())
    for slug in slug_candidates(name):
        if slug in taken:
            continue
        board = Board(board_id, name.strip(), slug, organisation.strip(), outcome_due_days, now,
                      tuple(sorted(set(programmes))))
        if uow.boards.add(board):
            break
    uow.publish(BOARD_REGISTERED, {
        "board_id": board.board_id, "name": board.name, "slug": board.slug,
        "organisation": board.organisation, "outcome_due_days": board.outcome_due_days,
        "registered_at": board.created_at, "programmes": list(board.programmes)})
    uow.commit()
    return board


def board_of(uow: UnitOfWork, board_id: str) -> Board:
    board = uow.boards.get(board_id)
    if board is None:
        raise NotFound("No such board.")
    return board
