"""Decisions's worker: outbox relay and consumers. `python -m services.decisions.entrypoints.worker`."""
from __future__ import annotations

import sys

from services.common.messaging.service_worker import build_worker, run_worker
from services.decisions.entrypoints.consumers import read_model_handlers


def build(runtime):
    return build_worker(runtime, read_model_handlers(runtime.uow_factory))


def main() -> int:
    from services.decisions.bootstrap import bootstrap

    return run_worker(bootstrap, build)


if __name__ == "__main__":
    sys.exit(main())

