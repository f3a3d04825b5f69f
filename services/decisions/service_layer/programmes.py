"""Registering programmes, editing and closing them, and checking the programmes boards and
decisions name. Every change is announced on decisions.programmes.v1 (compacted), which intake
reads to know what input it may take."""
from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from services.common.contracts.registry import contract_for
from services.common.db.types import utcnow
from services.common.text import near_matches
from services.decisions.domain.errors import Conflict, Invalid, NotFound
from services.decisions.domain.model import Board
from services.decisions.domain.programmes import OPEN, UNCHANGED, Programme
from services.decisions.domain.slugs import programme_slug
from services.decisions.service_layer.unit_of_work import UnitOfWork

PROGRAMMES = contract_for("decisions", "programmes", 1)


def register_programme(uow: UnitOfWork, *, name: str, description: str = "",
                       shared_decision_stage: str | None = None,
                       now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    name = " ".join(name.split())  # one way to write a name: "Crisis  care" is "Crisis care"
    slug = programme_slug(name)
    same = uow.programmes.by_name(name) or uow.programmes.by_slug(slug)
    if same is not None:
        raise Conflict(f"A programme called {same.name!r} is registered already.", "name")
    programme = Programme(str(uuid.uuid4()), name, slug, description.strip(), OPEN, now, now,
                          shared_decision_stage)
    if not uow.programmes.add(programme):
        raise Conflict("A programme with that name was registered meanwhile.", "name")
    shown = announce(uow, programme)
    uow.commit()
    return shown


def edit_programme(uow: UnitOfWork, programme_id: str, *, description: str | None = None,
                   status: str | None = None, shared_decision_stage: object = UNCHANGED,
                   now: datetime | None = None) -> dict[str, Any]:
    """A new description, a stage of shared decision-making (None takes it away), or closing
    (no new input) and opening again. The name stays."""
    programme = programme_of(uow, programme_id)
    changed = programme.edited(now or utcnow(), description=description.strip() if description else description,
                               status=status, shared_decision_stage=shared_decision_stage)
    if changed != programme:
        uow.programmes.update(changed)
    shown = announce(uow, changed) if changed != programme else described(uow, changed)
    uow.commit()
    return shown


def programme_of(uow: UnitOfWork, programme_id: str) -> Programme:
    programme = uow.programmes.get(programme_id)
    if programme is None:
        raise NotFound("No such programme.")
    return programme


def list_programmes(uow: UnitOfWork, after: tuple[Any, ...] | None, limit: int,
                    status: str | None = None) -> list[dict[str, Any]]:
    return [described(uow, p) for p in uow.programmes.list(after, limit, status)]


def count_programmes(uow: UnitOfWork, status: str | None = None) -> int:
    return uow.programmes.count(status)


def described(uow: UnitOfWork, programme: Programme) -> dict[str, Any]:
    """The programme with the boards that cover it."""
    return {**asdict(programme), "board_ids": uow.programmes.board_ids(programme.name)}


def announce(uow: UnitOfWork, programme: Programme) -> dict[str, Any]:
    shown = described(uow, programme)
    uow.publish(PROGRAMMES, {key: shown[key] for key in (
        "programme_id", "name", "slug", "description", "status", "board_ids", "updated_at",
        "shared_decision_stage")})
    return shown


def programmes_for_board(uow: UnitOfWork, programme_ids: list[str],
                         covered: tuple[str, ...] = ()) -> list[Programme]:
    """The open programmes a board is to cover, by id; Invalid naming each unusable one. A
    programme the board covers already (`covered`, by name) may stay although it has closed."""
    found = {pid: uow.programmes.get(pid) for pid in dict.fromkeys(programme_ids)}
    errors: dict[int, list[str]] = {}
    for index, pid in enumerate(programme_ids):
        programme = found[pid]
        if programme is None:
            errors[index] = ["No such programme: register it at POST /v1/programmes first."]
        elif not programme.is_open and programme.name not in covered:
            errors[index] = [f"The programme {programme.name!r} is closed."]
    if errors:
        raise Invalid("A board covers registered, open programmes.", {"programme_ids": errors})
    return [p for p in found.values() if p is not None]


def check_decision_programme(uow: UnitOfWork, board: Board, name: str) -> None:
    """A decision belongs to one of its board's programmes (or, for a board registered before
    programmes were, any registered one)."""
    allowed = list(board.programmes) or uow.programmes.names()
    if name in allowed:
        return
    close = near_matches(name, allowed)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise Invalid(f"The decision's programme is not one this board covers.{hint}",
                  {"programme": [f"Not one of this board's programmes: {', '.join(sorted(allowed))}.{hint}"]})
