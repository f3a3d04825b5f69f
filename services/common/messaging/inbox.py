"""Wraps a service handler so that it runs once per event id, inside one unit of work."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from services.common.messaging.consumer import Delivery, Handler

log = logging.getLogger(__name__)


def idempotent(uow_factory: Callable[..., Any], handle: Callable[[Any, Delivery], None]) -> Handler:
    """`handle(uow, delivery)` changes the DB through `uow`; this commits it with the inbox row.

    A duplicate delivery (same event id) is skipped without calling `handle`.
    """
    def handler(delivery: Delivery) -> None:
        correlation_id = delivery.log_context["correlation_id"]
        with uow_factory(correlation_id=correlation_id) as uow:
            if uow.already_processed(delivery.dedup_id):
                log.info("skipping duplicate %s", delivery.topic, extra=delivery.log_context)
                return
            with uow.commit_deferred():  # a use case's commit waits for the inbox row
                handle(uow, delivery)
            uow.mark_processed(delivery.dedup_id, delivery.topic)
            uow.commit()
    return handler
