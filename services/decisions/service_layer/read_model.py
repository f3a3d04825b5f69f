"""Keeping the read model in step with other services' events, and with decisions' own."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from services.decisions.domain.model import ACTIVE, Board
from services.decisions.domain.programmes import Programme
from services.decisions.service_layer.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def input_submitted(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    uow.inputs.record_submitted(_submitted_values(payload), payload["topics"])


def inputs_submitted(uow: UnitOfWork, payloads: list[dict[str, Any]]) -> None:
    """A consumer's batch of input-submitted events, with the same result as one by one."""
    uow.inputs.record_submitted_many([(_submitted_values(p), p["topics"]) for p in payloads])


def _submitted_values(payload: dict[str, Any]) -> dict[str, Any]:
    values = {name: payload[name] for name in (
        "programme", "summary", "body", "engagement_method", "participation_level",
        "gathered_on", "submitted_at", "quote_anonymously")}
    values.update(input_id=str(payload["input_id"]), partner_id=str(payload["partner_id"]),
                  contributor_id=_str(payload["contributor_id"]))
    return values


def input_withdrawn(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    uow.inputs.record_withdrawn(str(payload["input_id"]), payload["withdrawn_at"])


def consent_changed(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    uow.inputs.record_consent(str(payload["contributor_id"]), payload["quote_anonymously"],
                              payload["changed_at"], reachability={
                                  "contact_about_outcomes": payload.get("contact_about_outcomes"),
                                  "has_email": payload.get("has_email"),
                                  "accessible_format": payload.get("accessible_format"),
                                  "email_frequency": payload.get("email_frequency")})


def partner_registered(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    """Registered, or renamed: the queue and the workspace show the newest name."""
    uow.inputs.record_partner(str(payload["partner_id"]), payload["name"], payload["registered_at"],
                              payload.get("updated_at"))


def notification_outcome(status: str, time_field: str) -> Callable[[UnitOfWork, dict[str, Any]], None]:
    """A handler for notify's sent, failed or suppressed event."""
    def record(uow: UnitOfWork, payload: dict[str, Any]) -> None:
        values: dict[str, Any] = {name: str(payload[name]) for name in (
            "notification_id", "decision_id", "board_id", "contributor_id", "partner_id")}
        values.update(status=status, trigger=payload["trigger"], reason=payload.get("reason"),
                      at=payload[time_field])
        uow.inputs.record_notification(values, [str(i) for i in payload["input_ids"]])
    return record


def outcome_relayed(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    """Intake's event: the partner told the contributor themselves, which closes the loop."""
    uow.inputs.record_relay(str(payload["relay_id"]), str(payload["decision_id"]), payload["how"],
                            payload["relayed_at"], [str(i) for i in payload["input_ids"]])


def outcome_answered(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    """Notify's event: how a contributor feels their input was used. The comment is the
    partner's to read, never the board's: it is not kept here."""
    uow.inputs.record_answer(str(payload["decision_id"]), str(payload["contributor_id"]),
                             str(payload["board_id"]), payload["answer"], payload["answered_at"])


def programme_announced(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    """Decisions' own event: a database rebuilt from the topics gets its programmes back (as
    they are now; a rebuilt programme's created_at is its last change). Older states change nothing."""
    programme_id, at = str(payload["programme_id"]), payload["updated_at"]
    known = uow.programmes.get(programme_id)
    if known is not None and known.updated_at >= at:
        return
    announced = Programme(programme_id, payload["name"], payload["slug"], payload["description"],
                          payload["status"], known.created_at if known else at, at,
                          payload.get("shared_decision_stage"))  # optional field
    if known is not None:
        uow.programmes.update(announced)
    elif not uow.programmes.add(announced):
        log.warning("programmes event for a name or slug another programme holds; skipped")


def board_registered(uow: UnitOfWork, payload: dict[str, Any]) -> None:
    """Decisions' own event: a database rebuilt from the topics gets its boards back, as each
    was last announced (registered, changed or retired). Older states change nothing."""
    board_id = str(payload["board_id"])
    announced = Board(board_id, payload["name"], payload["slug"], payload["organisation"],
                      payload["outcome_due_days"], payload["registered_at"],
                      tuple(sorted(payload.get("programmes") or ())), payload.get("status") or ACTIVE,
                      payload.get("retired_at"), payload.get("updated_at"))
    known = uow.boards.get(board_id)
    if known is not None:
        if announced.changed_at > known.changed_at:
            uow.boards.save(announced)  # the slug is never changed by save
        return
    added = uow.boards.add(announced)
    if not added:
        # only another database writing to the same topics (a shared test broker) can cause this:
        # the first board keeps the slug, so public URLs never change under anyone
        log.warning("board-registered for a board whose slug another board holds; skipped")
