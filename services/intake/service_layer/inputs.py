"""Use cases for input: submit one or a batch, read, list, withdraw, see what became of it."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from services.common.db.types import utcnow
from services.intake.adapters.repositories import InputQuery
from services.intake.domain.contributors import Contributor
from services.intake.domain.inputs import Input
from services.intake.domain.participation import stage_claimed, stage_problems
from services.intake.domain.outcomes import Outcome
from services.intake.domain.status import RECEIVED, WITHDRAWN, StatusChange
from services.intake.service_layer import events
from services.intake.service_layer.contributors import get_contributor
from services.intake.service_layer.errors import Conflict, Invalid, NotFound
from services.intake.service_layer.programmes import check_programmes
from services.intake.service_layer.unit_of_work import UnitOfWork

NO_SUCH_CONTRIBUTOR = "No such contributor."


def submit_input(uow: UnitOfWork, partner_id: str, item: dict[str, Any], now: datetime | None = None) -> Input:
    """`item`: the input's fields as validated by the API, contributor_id optional."""
    contributor = None
    if item.get("contributor_id"):
        contributor = get_contributor(uow, partner_id, str(item["contributor_id"]))
    problems, stages = check_programmes(uow, [item["programme"]])
    if problems:
        raise Invalid({"programme": problems[item["programme"]]}, "The programme is not one intake takes input for.")
    unstaged = _stage_problems(item, stages)
    if unstaged:
        raise Invalid({"participation_level": unstaged}, "The participation level claimed is not honest.")
    submitted = _submit(uow, partner_id, item, contributor, now or utcnow(), stages)
    uow.commit()
    return submitted


def submit_inputs(uow: UnitOfWork, partner_id: str, items: list[dict[str, Any]],
                  now: datetime | None = None) -> list[Input]:
    """All or nothing: any item naming a contributor this partner does not hold fails the batch."""
    now = now or utcnow()
    wanted = {str(item["contributor_id"]) for item in items if item.get("contributor_id")}
    found = {cid: c for cid in wanted
             if (c := uow.contributors.get(cid)) is not None and c.partner_id == partner_id}
    errors: dict[int, dict[str, list[str]]] = {
        index: {"contributor_id": [NO_SUCH_CONTRIBUTOR]} for index, item in enumerate(items)
        if item.get("contributor_id") and str(item["contributor_id"]) not in found}
    names = [item["programme"] for item in items]
    problems, stages = check_programmes(uow, names)
    for index, item in enumerate(items):
        if item["programme"] in problems:
            errors.setdefault(index, {})["programme"] = problems[item["programme"]]
        elif unstaged := _stage_problems(item, stages):
            errors.setdefault(index, {})["participation_level"] = unstaged
    if errors:
        raise Invalid({"inputs": errors})
    submitted = [_submit(uow, partner_id, item, found.get(str(item.get("contributor_id"))), now, stages)
                 for item in items]
    uow.commit()
    return submitted


def _stage_problems(item: dict[str, Any], stages: dict[str, str]) -> list[str]:
    """Co-production's rule (the method's was checked with the request): a stage on the input
    or on its programme."""
    return stage_problems(item["participation_level"], item.get("shared_decision_stage"),
                          stages.get(item["programme"]))


def _submit(uow: UnitOfWork, partner_id: str, item: dict[str, Any], contributor: Contributor | None,
            now: datetime, stages: dict[str, str]) -> Input:
    stage = stage_claimed(item["participation_level"], item.get("shared_decision_stage"),
                          stages.get(item["programme"]))
    input_ = Input(
        input_id=str(uuid.uuid4()), partner_id=partner_id,
        contributor_id=contributor.contributor_id if contributor else None,
        programme=item["programme"], topics=tuple(item["topics"]), summary=item["summary"],
        body=item.get("body"), engagement_method=item["engagement_method"],
        participation_level=item["participation_level"], gathered_on=item["gathered_on"],
        submitted_at=now, status=RECEIVED, shared_decision_stage=stage,
        status_history=(StatusChange(RECEIVED, now, events.INPUT_SUBMITTED.topic),))
    uow.inputs.add(input_)
    quote = contributor.quote_anonymously if contributor else False
    uow.publish(events.INPUT_SUBMITTED, events.input_submitted(input_, quote))
    return input_


def get_input(uow: UnitOfWork, input_id: str, scope: str | None) -> Input:
    input_ = uow.inputs.get(input_id)
    if input_ is None or scope not in (None, input_.partner_id):
        raise NotFound("input")
    return input_


def list_inputs(uow: UnitOfWork, query: InputQuery, after: tuple[datetime, str] | None,
                limit: int) -> list[Input]:
    """Up to `limit` inputs after the (submitted_at, input_id) position `after`, oldest first."""
    return uow.inputs.list(query, after, limit)


def count_inputs(uow: UnitOfWork, query: InputQuery) -> int:
    """How many inputs match `query` over every page of list_inputs."""
    return uow.inputs.count(query)


def withdraw_input(uow: UnitOfWork, input_id: str, partner_id: str, reason: str | None = None,
                   now: datetime | None = None) -> Input:
    """Takes the input out of every queue and public page. Withdrawing twice changes nothing."""
    input_ = get_input(uow, input_id, partner_id)
    if input_.status == WITHDRAWN:
        return input_
    now = now or utcnow()
    change = StatusChange(WITHDRAWN, now, events.INPUT_WITHDRAWN.topic)
    if not uow.inputs.move_status(input_id, input_.status, change, withdrawal_reason=reason):
        raise Conflict("The input changed while it was being withdrawn; try again.", "input_id")
    uow.publish(events.INPUT_WITHDRAWN, events.input_withdrawn(input_, now))
    uow.commit()
    return get_input(uow, input_id, partner_id)


def outcomes_of(uow: UnitOfWork, input_id: str, scope: str | None) -> tuple[Input, list[Outcome]]:
    """The decisions that cite the input now (a revision may stop citing it)."""
    input_ = get_input(uow, input_id, scope)
    cited = [o for o in uow.outcomes.for_input(input_id) if o.cited and o.facts is not None]
    return input_, cited
