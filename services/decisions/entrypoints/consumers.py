"""Which consumed topic goes to which read-model handler."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from services.common.messaging.consumer import Delivery, Handler, InvalidMessage
from services.common.messaging.routing import consumer_routes
from services.decisions.domain.errors import DecisionsError
from services.decisions.service_layer import read_model
from services.decisions.service_layer.events import apply_outcome_event

ROUTES: dict[tuple[str, str], Callable[[Any, dict], None]] = {
    ("intake", "input-submitted"): read_model.input_submitted,
    ("intake", "input-withdrawn"): read_model.input_withdrawn,
    ("intake", "contributor-consent-changed"): read_model.consent_changed,
    ("intake", "partner-registered"): read_model.partner_registered,
    ("intake", "outcome-relayed"): read_model.outcome_relayed,
    ("notify", "notification-sent"): read_model.notification_outcome("sent", "sent_at"),
    ("notify", "notification-failed"): read_model.notification_outcome("failed", "failed_at"),
    ("notify", "notification-suppressed"): read_model.notification_outcome("suppressed", "suppressed_at"),
    ("notify", "outcome-answered"): read_model.outcome_answered,
    # decisions' own events, so that a database rebuilt from the topics has boards and outcomes
    ("decisions", "programmes"): read_model.programme_announced,
    ("decisions", "board-registered"): read_model.board_registered,
    ("decisions", "outcome-published"): apply_outcome_event,
    ("decisions", "outcome-revised"): apply_outcome_event,
}


# set-based handlers for a consumer's batch (messaging.inbox.idempotent uses them per poll)
MANY: dict[tuple[str, str], Callable[[Any, list[dict]], None]] = {
    ("intake", "input-submitted"): read_model.inputs_submitted,
}


def _on_payload(handle: Callable[[Any, dict], None],
                handle_many: Callable[[Any, list[dict]], None] | None = None):
    def handle_delivery(uow, delivery: Delivery) -> None:
        try:
            handle(uow, delivery.payload)
        except DecisionsError as exc:  # the event contradicts this database: it never will fit
            raise InvalidMessage(str(exc)) from exc

    def handle_deliveries(uow, deliveries: list[Delivery]) -> None:
        assert handle_many is not None
        try:
            handle_many(uow, [delivery.payload for delivery in deliveries])
        except DecisionsError as exc:
            raise InvalidMessage(str(exc)) from exc

    if handle_many is not None:
        handle_delivery.many = handle_deliveries  # type: ignore[attr-defined]
    return handle_delivery


def read_model_handlers(uow_factory) -> dict[str, Handler]:
    return consumer_routes(uow_factory, {route: _on_payload(handle, MANY.get(route))
                                          for route, handle in ROUTES.items()})
