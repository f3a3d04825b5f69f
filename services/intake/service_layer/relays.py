"""The partner's relay list, and recording that the partner told a contributor themselves."""
from __future__ import annotations

import uuid
from typing import Any
from datetime import datetime

from services.common.contracts.registry import contract_for
from services.common.db.types import utcnow
from services.intake.domain.outcomes import with_relay
from services.intake.domain.relays import relay_reason
from services.intake.domain.status import CLOSED, WITHDRAWN
from services.intake.service_layer.errors import Conflict, NotFound
from services.intake.service_layer.outcomes import advance
from services.intake.service_layer.unit_of_work import RelayUnitOfWork

OUTCOME_RELAYED = contract_for("intake", "outcome-relayed", 1)


def relay_list(uow: RelayUnitOfWork, partner_id: str, after: tuple[datetime, str, str] | None,
               limit: int) -> list[dict[str, Any]]:
    """Up to `limit` outcomes the partner must tell, strictly after `after` (oldest first)."""
    return uow.relays.due(partner_id, after, limit)


def mark_told(uow: RelayUnitOfWork, partner_id: str, decision_id: str, input_id: str, how: str,
              now: datetime | None = None) -> Any:
    """The partner told the contributor this outcome (in person, by phone, letter or group
    session): closes the loop and tells decisions, by an event with ids only."""
    now = now or utcnow()
    input_ = uow.inputs.get(input_id)
    outcome = uow.outcomes.get(decision_id, input_id)
    if input_ is None or input_.partner_id != partner_id or outcome is None or outcome.facts is None:
        raise NotFound("outcome for this input", "input_id")
    if input_.status == WITHDRAWN:
        raise Conflict("The input was withdrawn: there is nothing to tell.", "input_id")
    if outcome.relayed_at is not None:
        raise Conflict("Already recorded as told.", "input_id")
    contributor = uow.contributors.get(input_.contributor_id) if input_.contributor_id else None
    if relay_reason(contributor, outcome) is None:
        raise Conflict("This outcome is not on the relay list: the contributor was emailed, "
                       "did not want to hear, or gave the input anonymously.", "input_id")
    told = with_relay(outcome, how, now)
    uow.outcomes.save(told)
    advance(uow, input_, CLOSED, now, OUTCOME_RELAYED.topic)
    uow.publish(OUTCOME_RELAYED, {
        "relay_id": uuid.uuid4(), "decision_id": decision_id, "revision": outcome.revision,
        "partner_id": partner_id, "contributor_id": input_.contributor_id, "input_ids": [input_id],
        "how": how, "relayed_at": now})
    uow.commit()
    return told
