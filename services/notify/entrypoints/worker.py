"""Notify's worker: outbox relay, consumers and the delivery loop.
`python -m services.notify.entrypoints.worker`."""
from __future__ import annotations

import sys

from services.common.messaging.service_worker import build_worker, run_worker
from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.entrypoints.consumers import consumer_handlers
from services.notify.entrypoints.delivery_loop import build_delivery_loops


def build(runtime):
    tokens = UnsubscribeTokens.for_settings(runtime.settings.mail)
    worker = build_worker(runtime, consumer_handlers(runtime.uow_factory, tokens.address_hash))
    worker.deliveries = build_delivery_loops(runtime, tokens)
    worker.loops += [(f"delivery {n + 1}", loop.run) for n, loop in enumerate(worker.deliveries)]
    return worker


def main() -> int:
    from services.notify.bootstrap import bootstrap

    return run_worker(bootstrap, build)


if __name__ == "__main__":
    sys.exit(main())
