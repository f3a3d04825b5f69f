"""Wraps a service handler so that it runs once per event id, inside one unit of work."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from services.common.faults import buggy_event, fault_pause, fault_point
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
            buggy_event(delivery.dedup_id)
            with uow.commit_deferred():  # a use case's commit waits for the inbox row
                handle(uow, delivery)
            uow.mark_processed(delivery.dedup_id, delivery.topic)
            fault_pause("consumer.slow_handler")
            fault_point("consumer.before_commit")
            uow.commit()
        fault_point("consumer.after_commit")

    def handle_batch(deliveries: list[Delivery]) -> None:
        """Several deliveries of one partition in one unit of work and one commit. The inbox
        is checked for all of them at once (and an event twice in one batch counts once), so a
        redelivered batch changes nothing. All or nothing. A handler with a `many` attribute
        (`many(uow, deliveries)`) applies the new ones in set-based statements."""
        with uow_factory(correlation_id=deliveries[0].log_context["correlation_id"]) as uow:
            done = uow.processed_among([d.dedup_id for d in deliveries])
            fresh: list[Delivery] = []
            for delivery in deliveries:
                if delivery.dedup_id in done:
                    log.info("skipping duplicate %s", delivery.topic, extra=delivery.log_context)
                    continue
                buggy_event(delivery.dedup_id)  # test hook: the batch falls back to one by one
                done.add(delivery.dedup_id)
                fresh.append(delivery)
            if fresh:
                many = getattr(handle, "many", None)
                with uow.commit_deferred():
                    if many is not None:
                        many(uow, fresh)
                    else:
                        for delivery in fresh:
                            handle(uow, delivery)
                uow.mark_processed_many([(d.dedup_id, d.topic) for d in fresh])
            fault_pause("consumer.slow_handler", len(fresh))
            fault_point("consumer.before_commit", len(fresh))
            uow.commit()
        fault_point("consumer.after_commit", len(deliveries))

    handler.batch = handle_batch  # type: ignore[attr-defined]  # EventConsumer uses it per poll
    return handler
