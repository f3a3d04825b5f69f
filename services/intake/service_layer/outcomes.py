"""Keeping each input's outcome and status current from decisions and notify events.

Events about inputs this database does not hold are ignored: other services' topics carry every
partner's input, and a test broker carries other tests' too.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from services.intake.domain.inputs import Input
from services.intake.domain.outcomes import DecisionFacts, Outcome, with_decision, with_notification
from services.intake.domain.status import StatusChange, after_notification, outcome_target, steps_towards
from services.intake.service_layer.unit_of_work import UnitOfWork


class StatusRace(Exception):
    """The input's status changed under us (e.g. withdrawn meanwhile): retry the event."""


def record_decision(uow: UnitOfWork, facts: DecisionFacts, links: list[dict[str, Any]], *, at: datetime,
                    cause: str) -> None:
    """A decision was published or revised; `links` is every input it cites as of this revision."""
    linked = {str(link["input_id"]): link for link in links}
    for input_id, input_ in uow.inputs.get_many(list(linked)).items():
        outcome = uow.outcomes.get(facts.decision_id, input_id) or Outcome(facts.decision_id, input_id)
        uow.outcomes.save(with_decision(outcome, facts, linked[input_id]))
        advance(uow, input_, outcome_target(input_.contributor_id is not None), at, cause)
    for outcome in uow.outcomes.for_decision(facts.decision_id):
        if outcome.input_id not in linked:
            uow.outcomes.save(with_decision(outcome, facts, None))


def record_notification(uow: UnitOfWork, decision_id: str, input_ids: list[str], status: str, *,
                        at: datetime, detail: str | None, cause: str) -> None:
    """Notify told the contributor (sent), could not (failed), or had nobody to tell (suppressed)."""
    for input_id, input_ in uow.inputs.get_many(input_ids).items():
        outcome = uow.outcomes.get(decision_id, input_id) or Outcome(decision_id, input_id)
        uow.outcomes.save(with_notification(outcome, status, at, detail))
        advance(uow, input_, after_notification(status, detail), at, cause)


def advance(uow: UnitOfWork, input_: Input, target: str, at: datetime, cause: str) -> None:
    current = input_.status
    for step in steps_towards(current, target):
        if not uow.inputs.move_status(input_.input_id, current, StatusChange(step, at, cause)):
            raise StatusRace(input_.input_id)
        current = step
