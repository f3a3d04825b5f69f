"""Notify's worker: outbox relay, consumers and the delivery loop.
`python -m services.notify.entrypoints.worker`."""
from __future__ import annotations

import sys

from services.common.auth.sync import key_sync_handlers
from services.common.logging_setup import configure_logging
from services.common.messaging.service_worker import build_worker
from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.entrypoints.consumers import consumer_handlers
from services.notify.entrypoints.delivery_loop import build_delivery_loop


def build(runtime):
    tokens = UnsubscribeTokens(runtime.settings.mail.unsubscribe_secret)
    handlers = dict(key_sync_handlers(runtime.uow_factory))
    handlers.update(consumer_handlers(runtime.uow_factory, tokens.address_hash))
    worker = build_worker(runtime, handlers)
    worker.delivery = build_delivery_loop(runtime, tokens)
    worker.loops.append(("delivery", worker.delivery.run))
    return worker


def main() -> int:
    from services.notify.bootstrap import bootstrap

    configure_logging()  # before bootstrap, so its start-up warnings are formatted too
    runtime = bootstrap()
    configure_logging(runtime.settings.log_format)
    return build(runtime).run_forever()


if __name__ == "__main__":
    sys.exit(main())
