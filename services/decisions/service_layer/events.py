"""The outcome events: what a board made public, in the form contributors and notify read."""
from __future__ import annotations

from typing import Any

from services.common.contracts.registry import Contract, contract_for
from services.decisions.adapters.repository import OutcomeFacts
from services.decisions.domain.model import Board, Decision, Link
from services.decisions.service_layer.unit_of_work import UnitOfWork

OUTCOME_PUBLISHED = contract_for("decisions", "outcome-published", 1)
OUTCOME_REVISED = contract_for("decisions", "outcome-revised", 1)
PROGRESS_UPDATED = contract_for("decisions", "progress-updated", 1)


def public_url(public_base_url: str, decision_id: str) -> str:
    return f"{public_base_url}/decisions/{decision_id}"


def decision_facts(decision: Decision, board: Board, public_base_url: str) -> dict[str, Any]:
    return {"decision_id": decision.decision_id, "board_id": board.board_id,
            "board_name": board.name, "programme": decision.programme, "title": decision.title,
            "summary": decision.summary, "rationale": decision.rationale,
            "decided_on": decision.decided_on,
            "public_url": public_url(public_base_url, decision.decision_id)}


def public_links(uow: UnitOfWork, links: list[Link]) -> list[dict[str, Any]]:
    """Links as events carry them. An input withdrawn after it was cited stays in the board's own
    record but is never made public again, so it is left out here."""
    refs = uow.inputs.refs([link.input_id for link in links])
    return [{"input_id": link.input_id, "contributor_id": refs[link.input_id].contributor_id,
             "partner_id": refs[link.input_id].partner_id, "influence": link.influence,
             "explanation": link.explanation}
            for link in sorted(links, key=lambda link: link.input_id)
            if link.input_id in refs and not refs[link.input_id].withdrawn]


def publish_outcome(uow: UnitOfWork, contract: Contract, payload: dict[str, Any]) -> None:
    """Put the event in the outbox and apply it to the read model now, through the same function
    the consumer uses when the event comes back, so the queue shrinks at once and a replay agrees."""
    envelope = uow.publish(contract, payload)
    apply_outcome_event(uow, contract.load(envelope.payload))


def apply_outcome_event(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    first = "published_at" in payload
    uow.inputs.apply_outcome(OutcomeFacts(
        decision_id=str(payload["decision_id"]), board_id=str(payload["board_id"]),
        programme=payload["programme"], revision=payload["revision"],
        at=payload["published_at"] if first else payload["revised_at"], first_publication=first,
        influences={str(link["input_id"]): link["influence"] for link in payload["links"]}))
