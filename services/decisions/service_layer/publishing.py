"""Making a decision public, and revising it afterwards without losing what was said before."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from services.common.db.types import utcnow
from services.decisions.domain.model import Decision, Link, Revision, make_link
from services.decisions.domain.revisions import plan_revision
from services.decisions.service_layer.boards import board_of
from services.decisions.service_layer.decisions import decision_of, decision_to_change
from services.decisions.service_layer.events import (
    OUTCOME_PUBLISHED, OUTCOME_REVISED, decision_facts, public_links, publish_outcome,
)
from services.decisions.service_layer.inputs import citable_inputs
from services.decisions.service_layer.programmes import check_decision_programme
from services.decisions.service_layer.unit_of_work import UnitOfWork


def publish_decision(uow: UnitOfWork, board_id: str, decision_id: str, *, no_input_considered: bool,
                     public_base_url: str, now: datetime | None = None) -> Decision:
    """Publish a draft as revision 1. Publishing a published decision changes and emits nothing."""
    now = now or utcnow()
    decision = decision_to_change(uow, board_id, decision_id)
    if not decision.is_draft:
        return decision
    decision.check_publishable(no_input_considered)
    board = board_of(uow, board_id)
    # the board may have dropped the draft's programme since the draft was written
    check_decision_programme(uow, board, decision.programme)
    # an input withdrawn since it was cited must not become public
    citable_inputs(uow, board, list(decision.links), "links")
    decision.status, decision.published_at, decision.revision = "published", now, 1
    decision.no_input_considered = no_input_considered
    links = list(decision.links.values())
    uow.decisions.mark_published(decision)
    uow.decisions.add_revision(decision_id, Revision(
        1, None, now, tuple(links), tuple(sorted(decision.links)), no_input_considered))
    publish_outcome(uow, OUTCOME_PUBLISHED, {
        **decision_facts(decision, board, public_base_url), "revision": 1, "published_at": now,
        "no_input_considered": no_input_considered, "links": public_links(uow, links)})
    published = decision_of(uow, board_id, decision_id)
    uow.commit()
    return published


def revise_outcome(uow: UnitOfWork, board_id: str, decision_id: str, *, reason: str,
                   links: list[dict[str, Any]], remove_input_ids: list[str], no_input_considered: bool,
                   public_base_url: str, wording: dict[str, str] | None = None,
                   now: datetime | None = None) -> Decision:
    """Record revision N+1 of a published decision: its complete link set, any correction of its
    wording (`wording`: title, summary, rationale as they should read) and why it changed.

    A revision that only corrects the wording changes no input's outcome, so its event names no
    changed input and notify emails nobody about it; the public page shows the corrected wording
    and, in the history, what it said before and why it changed."""
    now = now or utcnow()
    decision = decision_to_change(uow, board_id, decision_id)
    decision.require_published("revisions are recorded")
    board = board_of(uow, board_id)
    changes = [make_link(item["input_id"], item["influence"], item["explanation"], now)
               for item in links]
    citable_inputs(uow, board, [link.input_id for link in changes], "links")
    corrections = decision.corrections(wording or {})
    plan = plan_revision(decision.links, changes, remove_input_ids, no_input_considered,
                         wording_corrected=bool(corrections))
    revision = Revision(decision.revision + 1, reason.strip(), now,
                        tuple(plan.links[k] for k in sorted(plan.links)), plan.changed_input_ids,
                        not plan.links, corrections)
    decision.correct(corrections)
    uow.decisions.add_revision(decision_id, revision)
    publish_outcome(uow, OUTCOME_REVISED, {
        **decision_facts(decision, board, public_base_url), "revision": revision.number,
        "reason": revision.reason, "revised_at": now,
        "links": public_links(uow, list(revision.links)),
        "changed_input_ids": list(plan.changed_input_ids),
        "corrected": [c.field for c in corrections]})
    published = decision_of(uow, board_id, decision_id)
    uow.commit()
    return published


def current_links(decision: Decision) -> list[Link]:
    return [decision.links[k] for k in sorted(decision.links)]
