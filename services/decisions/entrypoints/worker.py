"""Decisions's worker: outbox relay and consumers. `python -m services.decisions.entrypoints.worker`."""
from __future__ import annotations

import sys

from services.common.auth.sync import key_sync_handlers
from services.common.logging_setup import configure_logging
from services.common.messaging.service_worker import build_worker
from services.decisions.entrypoints.consumers import read_model_handlers


def build(runtime):
    handlers = dict(key_sync_handlers(runtime.uow_factory))
    handlers.update(read_model_handlers(runtime.uow_factory))
    return build_worker(runtime, handlers)


def main() -> int:
    from services.decisions.bootstrap import bootstrap

    runtime = bootstrap()
    configure_logging(runtime.settings.log_format)
    return build(runtime).run_forever()


if __name__ == "__main__":
    sys.exit(main())

