"""Consumer routing, one way for every service: a table from (owner, event_type) to a handler
`handle(uow, delivery)`, kept in the service's entrypoints/consumers.py and turned into the
consumer's {topic: handler} here. Each handler runs once per event id, in one unit of work that
the inbox commits (services/common/messaging/inbox.py)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from services.common.contracts.registry import contract_for
from services.common.messaging.consumer import Delivery, Handler
from services.common.messaging.inbox import idempotent

EventHandler = Callable[[Any, Delivery], None]


def consumer_routes(uow_factory: Callable[..., Any], table: Mapping[tuple[str, str], EventHandler],
                    version: int = 1) -> dict[str, Handler]:
    return {contract_for(owner, event_type, version).topic: idempotent(uow_factory, handle)
            for (owner, event_type), handle in table.items()}
