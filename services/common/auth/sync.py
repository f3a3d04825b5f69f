"""Consumer handlers that keep a service's api_keys table in step with every key issuer."""
from __future__ import annotations

from services.common.auth.store import KeyEventRejected, apply_key_event
from services.common.contracts.registry import contract_for
from services.common.messaging.consumer import Delivery, Handler, InvalidMessage
from services.common.messaging.inbox import idempotent

KEY_ISSUERS = ("intake", "decisions")


def key_sync_handlers(uow_factory) -> dict[str, Handler]:
    handlers = {}
    for issuer in KEY_ISSUERS:
        def handle(uow, delivery: Delivery, issuer=issuer) -> None:
            if delivery.payload is None:
                return  # keys are revoked, never erased; ignore stray tombstones
            try:
                apply_key_event(uow.connection, uow.tables["api_keys"], delivery.payload, issuer,
                                producer=delivery.envelope.producer)
            except KeyEventRejected as exc:
                # forged or broken: never applied, kept on the dead-letter topic with the reason
                raise InvalidMessage(f"key event rejected: {exc}") from None
        handlers[contract_for(issuer, "api-key-changed", 1).topic] = idempotent(uow_factory, handle)
    return handlers
