"""Keeping the read model in step with other services' events, and with decisions' own."""
from __future__ import annotations

import logging
from typing import Any

from services.decisions.domain.model import Board

log = logging.getLogger(__name__)


def _str(value) -> str | None:
    return None if value is None else str(value)


def input_submitted(uow, payload: dict[str, Any]) -> None:
    values = {name: payload[name] for name in (
        "programme", "summary", "body", "engagement_method", "participation_level",
        "gathered_on", "submitted_at", "quote_anonymously")}
    values.update(input_id=str(payload["input_id"]), partner_id=str(payload["partner_id"]),
                  contributor_id=_str(payload["contributor_id"]))
    uow.inputs.record_submitted(values, payload["topics"])


def input_withdrawn(uow, payload: dict[str, Any]) -> None:
    uow.inputs.record_withdrawn(str(payload["input_id"]), payload["withdrawn_at"])


def consent_changed(uow, payload: dict[str, Any]) -> None:
    uow.inputs.record_consent(str(payload["contributor_id"]), payload["quote_anonymously"],
                              payload["changed_at"])


def partner_registered(uow, payload: dict[str, Any]) -> None:
    uow.inputs.record_partner(str(payload["partner_id"]), payload["name"], payload["registered_at"])


def notification_outcome(status: str, time_field: str):
    """A handler for notify's sent, failed or suppressed event."""
    def record(uow, payload: dict[str, Any]) -> None:
        values = {name: str(payload[name]) for name in (
            "notification_id", "decision_id", "board_id", "contributor_id", "partner_id")}
        values.update(status=status, trigger=payload["trigger"], reason=payload.get("reason"),
                      at=payload[time_field])
        uow.inputs.record_notification(values, [str(i) for i in payload["input_ids"]])
    return record


def outcome_relayed(uow, payload: dict[str, Any]) -> None:
    """Intake's event: the partner told the contributor themselves, which closes the loop."""
    uow.inputs.record_relay(str(payload["relay_id"]), str(payload["decision_id"]), payload["how"],
                            payload["relayed_at"], [str(i) for i in payload["input_ids"]])


def outcome_answered(uow, payload: dict[str, Any]) -> None:
    """Notify's event: how a contributor feels their input was used. The comment is the
    partner's to read, never the board's: it is not kept here."""
    uow.inputs.record_answer(str(payload["decision_id"]), str(payload["contributor_id"]),
                             str(payload["board_id"]), payload["answer"], payload["answered_at"])


def board_registered(uow, payload: dict[str, Any]) -> None:
    """Decisions' own event: a database rebuilt from the topics gets its boards back."""
    board_id = str(payload["board_id"])
    if uow.boards.get(board_id) is not None:
        return
    added = uow.boards.add(Board(board_id, payload["name"], payload["slug"], payload["organisation"],
                                 payload["outcome_due_days"], payload["registered_at"],
                                 tuple(payload.get("programmes") or ())))
    if not added:
        # only another database writing to the same topics (a shared test broker) can cause this:
        # the first board keeps the slug, so public URLs never change under anyone
        log.warning("board-registered for a board whose slug another board holds; skipped")
