"""What notify does with each event it consumes. Each runs once per event id (inbox)."""
from __future__ import annotations

import logging
from collections.abc import Callable

from services.common.contracts.registry import contract_for_topic
from services.common.db.types import utcnow
from services.common.messaging.consumer import Delivery, Handler, InvalidMessage
from services.common.messaging.routing import consumer_routes
from services.notify.service_layer.directory import apply_contact, erase_contact, record_input
from services.notify.service_layer.outcomes import record_notifications

log = logging.getLogger(__name__)
DECISION_EVENTS = ("outcome-published", "outcome-revised", "progress-updated")


def consumer_handlers(uow_factory, address_hash: Callable[[str], str]) -> dict[str, Handler]:
    def on_contact(uow, delivery: Delivery) -> None:
        if delivery.payload is not None:
            apply_contact(uow, delivery.payload)
            return
        if not delivery.key:
            raise InvalidMessage("a tombstone without a key erases nothing")
        suppressed = erase_contact(uow, delivery.key, utcnow())
        log.info("erased a contact; %d waiting emails suppressed", suppressed,
                 extra=delivery.log_context)

    def on_input(uow, delivery: Delivery) -> None:
        record_input(uow, delivery.payload)

    def on_decision(uow, delivery: Delivery) -> None:
        event_type = contract_for_topic(delivery.topic).event_type
        created = record_notifications(uow, event_type, delivery.payload, address_hash, utcnow())
        log.info("%s: %d notifications recorded", event_type, len(created),
                 extra=delivery.log_context)

    return consumer_routes(uow_factory, {
        ("intake", "contacts"): on_contact,
        ("intake", "input-submitted"): on_input,
        **{("decisions", name): on_decision for name in DECISION_EVENTS},
    })
