"""Recording a draft decision and the input it cites."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from services.common.db.types import utcnow
from services.decisions.domain.errors import Invalid, NotFound
from services.decisions.domain.model import Decision, Link, make_link
from services.decisions.domain.rules import date_problems
from services.decisions.service_layer.boards import active_board, board_of
from services.decisions.service_layer.inputs import citable_inputs
from services.decisions.service_layer.programmes import check_decision_programme
from services.decisions.service_layer.unit_of_work import UnitOfWork


def record_decision(uow: UnitOfWork, board_id: str, *, programme: str, title: str, summary: str,
                    rationale: str, decided_on: date, review_on: date | None = None,
                    now: datetime | None = None) -> Decision:
    now = now or utcnow()
    problems = date_problems(decided_on, review_on, now)
    if problems:
        raise Invalid("The dates do not add up.", problems)
    check_decision_programme(uow, active_board(uow, board_id), programme.strip())
    decision = Decision(str(uuid.uuid4()), board_id, programme.strip(), title.strip(),
                        summary.strip(), rationale.strip(), decided_on, review_on, now)
    uow.decisions.add(decision)
    uow.commit()
    return decision


EDITABLE_FIELDS = ("programme", "title", "summary", "rationale", "decided_on", "review_on")


def update_draft(uow: UnitOfWork, board_id: str, decision_id: str, changes: dict[str, Any],
                 now: datetime | None = None) -> Decision:
    """Change a draft's wording or dates; only the fields given change. A published decision is
    changed by a revision, so it is refused (Conflict)."""
    now = now or utcnow()
    decision = decision_to_change(uow, board_id, decision_id)
    decision.require_draft("its wording and dates can be edited")
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise Invalid("These fields cannot be edited.", {name: ["Unknown field."] for name in unknown})
    for name, value in changes.items():
        setattr(decision, name, value.strip() if isinstance(value, str) else value)
    if "programme" in changes:
        check_decision_programme(uow, board_of(uow, board_id), decision.programme)
    problems = date_problems(decision.decided_on, decision.review_on, now)
    if problems:
        raise Invalid("The dates do not add up.", problems)
    uow.decisions.update_draft(decision)
    uow.commit()
    return decision


def delete_draft(uow: UnitOfWork, board_id: str, decision_id: str) -> None:
    """Delete a draft and its links. Nothing of a draft was ever public, so nothing is emitted."""
    decision = decision_to_change(uow, board_id, decision_id)
    decision.require_draft("it can be deleted")
    uow.decisions.delete_draft(decision_id)
    uow.commit()


def decision_of(uow: UnitOfWork, board_id: str, decision_id: str, *, for_update: bool = False) -> Decision:
    decision = uow.decisions.get(board_id, decision_id, for_update=for_update)
    if decision is None:
        raise NotFound("No such decision.")
    return decision


def decision_to_change(uow: UnitOfWork, board_id: str, decision_id: str) -> Decision:
    """The decision, locked for a change: NotFound, or Conflict when its board is retired."""
    decision = decision_of(uow, board_id, decision_id, for_update=True)
    active_board(uow, board_id)
    return decision


def link_inputs(uow: UnitOfWork, board_id: str, decision_id: str, *, input_ids: list[str], influence: str,
                explanation: str, field: str = "input_ids", now: datetime | None = None) -> list[Link]:
    """Cite inputs in a draft, all alike; all or nothing. Citing an input again replaces its link."""
    now = now or utcnow()
    decision = decision_to_change(uow, board_id, decision_id)
    decision.require_draft("links can be changed")
    if len(set(input_ids)) != len(input_ids):
        raise Invalid("An input is listed twice.", {field: ["Each input may appear once."]})
    citable_inputs(uow, board_of(uow, board_id), input_ids, field)
    links = [make_link(input_id, influence, explanation, now) for input_id in input_ids]
    uow.decisions.save_links(decision_id, links)
    uow.commit()
    return links


def unlink_input(uow: UnitOfWork, board_id: str, decision_id: str, input_id: str) -> None:
    decision = decision_to_change(uow, board_id, decision_id)
    decision.require_draft("links can be removed")
    if input_id not in decision.links:
        raise NotFound("This input is not linked to the decision.")
    uow.decisions.remove_link(decision_id, input_id)
    uow.commit()
