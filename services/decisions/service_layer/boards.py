"""Registering decision boards."""
from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from services.common.contracts.registry import contract_for
from services.common.db.types import utcnow
from services.decisions.domain.errors import NotFound
from services.decisions.domain.model import Board
from services.decisions.domain.rules import slug_candidates, slugify
from services.decisions.service_layer.programmes import announce, programmes_for_board
from services.decisions.service_layer.unit_of_work import UnitOfWork

BOARD_REGISTERED = contract_for("decisions", "board-registered", 1)


def register_board(uow: UnitOfWork, *, name: str, organisation: str, outcome_due_days: int,
                   programmes: list[str], now: datetime | None = None) -> Board:
    """`programmes`: the ids of the registered, open programmes whose input the board sees."""
    now = now or utcnow()
    covered = programmes_for_board(uow, [str(p) for p in programmes])
    taken = uow.boards.taken_slugs(slugify(name))
    board_id = str(uuid.uuid4())
    for slug in slug_candidates(name):
        if slug in taken:
            continue
        board = Board(board_id, name.strip(), slug, organisation.strip(), outcome_due_days, now,
                      tuple(sorted(p.name for p in covered)))
        if uow.boards.add(board):
            break
    uow.publish(BOARD_REGISTERED, {
        "board_id": board.board_id, "name": board.name, "slug": board.slug,
        "organisation": board.organisation, "outcome_due_days": board.outcome_due_days,
        "registered_at": board.created_at, "programmes": list(board.programmes)})
    for programme in covered:  # each now has one more board covering it
        announce(uow, programme)
    uow.commit()
    return board


def board_of(uow: UnitOfWork, board_id: str) -> Board:
    board = uow.boards.get(board_id)
    if board is None:
        raise NotFound("No such board.")
    return board


def list_boards(uow: UnitOfWork, after: tuple[Any, ...] | None, limit: int,
                programme_id: str | None = None) -> list[dict[str, Any]]:
    """Boards oldest first; with `programme_id`, those covering it (none for an unknown id)."""
    if programme_id is None:
        return [board_view(uow, b) for b in uow.boards.list(after, limit)]
    programme = uow.programmes.get(programme_id)
    if programme is None:
        return []
    return [board_view(uow, b) for b in uow.boards.list(after, limit, programme.name)]


def board_view(uow: UnitOfWork, board: Board) -> dict[str, Any]:
    """The board with the ids of the programmes it covers."""
    found = (uow.programmes.by_name(name) for name in board.programmes)
    return {**asdict(board), "programmes": list(board.programmes),
            "programme_ids": [p.programme_id for p in found if p is not None]}
