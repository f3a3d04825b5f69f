"""Registering decision boards, changing them and retiring them. Each change announces the
board's whole current state on decisions.board-registered.v1 (keyed by board id: the newest
state per board counts), and each programme whose boards changed on decisions.programmes.v1."""
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
    _announce_board(uow, board)
    for programme in covered:  # each now has one more board covering it
        announce(uow, programme)
    uow.commit()
    return board


def edit_board(uow: UnitOfWork, board_id: str, *, name: str | None = None, organisation: str | None = None,
               outcome_due_days: int | None = None, programme_ids: list[str] | None = None,
               now: datetime | None = None) -> Board:
    """Only the values given change. Programmes follow the rules of registration (at least one,
    registered, open), except that one the board covers already may stay after it closed. The
    slug stays, so the board's public address never changes. A retired board is refused."""
    board = board_of(uow, board_id)
    board.require_active()
    covered = None
    if programme_ids is not None:
        covered = programmes_for_board(uow, [str(p) for p in programme_ids], board.programmes)
    changed = board.edited(now or utcnow(), name=name.strip() if name else None,
                           organisation=organisation.strip() if organisation else None,
                           outcome_due_days=outcome_due_days,
                           programmes=None if covered is None else tuple(p.name for p in covered))
    if changed == board:
        return board
    uow.boards.save(changed)
    _announce_board(uow, changed)
    moved = set(board.programmes) ^ set(changed.programmes)
    for programme_name in sorted(moved):  # one board more or fewer covers each
        programme = uow.programmes.by_name(programme_name)
        if programme is not None:
            announce(uow, programme)
    uow.commit()
    return changed


def retire_board(uow: UnitOfWork, board_id: str, now: datetime | None = None) -> Board:
    """The board records nothing more; its decisions, public page and figures stay as they are.
    Its programmes stay covered by it, so input waiting there keeps counting as overdue until
    another board covers the programme. Retiring a retired board changes nothing."""
    board = board_of(uow, board_id)
    retired = board.retired(now or utcnow())
    if retired == board:
        return board
    uow.boards.save(retired)
    _announce_board(uow, retired)
    uow.commit()
    return retired


def active_board(uow: UnitOfWork, board_id: str) -> Board:
    """The board, for a change to its record: Conflict when it is retired."""
    board = board_of(uow, board_id)
    board.require_active()
    return board


def _announce_board(uow: UnitOfWork, board: Board) -> None:
    uow.publish(BOARD_REGISTERED, {
        "board_id": board.board_id, "name": board.name, "slug": board.slug,
        "organisation": board.organisation, "outcome_due_days": board.outcome_due_days,
        "registered_at": board.created_at, "programmes": list(board.programmes),
        "status": board.status, "retired_at": board.retired_at, "updated_at": board.updated_at})


def board_of(uow: UnitOfWork, board_id: str) -> Board:
    board = uow.boards.get(board_id)
    if board is None:
        raise NotFound("No such board.")
    return board


def list_boards(uow: UnitOfWork, after: tuple[Any, ...] | None, limit: int,
                programme_id: str | None = None, status: str | None = None) -> list[dict[str, Any]]:
    """Boards oldest first; with `programme_id`, those covering it (none for an unknown id);
    with `status`, only active or only retired ones."""
    if programme_id is None:
        return [board_view(uow, b) for b in uow.boards.list(after, limit, status=status)]
    programme = uow.programmes.get(programme_id)
    if programme is None:
        return []
    return [board_view(uow, b) for b in uow.boards.list(after, limit, programme.name, status)]


def count_boards(uow: UnitOfWork, programme_id: str | None = None, status: str | None = None) -> int:
    """How many boards list_boards gives over every page."""
    if programme_id is None:
        return uow.boards.count(status=status)
    programme = uow.programmes.get(programme_id)
    return 0 if programme is None else uow.boards.count(programme.name, status)


def board_view(uow: UnitOfWork, board: Board) -> dict[str, Any]:
    """The board with the ids of the programmes it covers."""
    found = (uow.programmes.by_name(name) for name in board.programmes)
    return {**asdict(board), "programmes": list(board.programmes),
            "programme_ids": [p.programme_id for p in found if p is not None]}
