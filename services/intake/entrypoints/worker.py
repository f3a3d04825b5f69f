"""Intake's worker: outbox relay and consumers. `python -m services.intake.entrypoints.worker`."""
from __future__ import annotations

import sys

from services.common.contracts.registry import topic_for
from services.common.messaging.service_worker import build_worker, run_worker
from services.intake.entrypoints.consumers import intake_handlers


def build(runtime):
    # input naming a programme intake has not heard of is refused: not ready until caught up
    return build_worker(runtime, intake_handlers(runtime.uow_factory),
                        catch_up_topics=(topic_for("decisions", "programmes"),))


def main() -> int:
    from services.intake.bootstrap import bootstrap

    return run_worker(bootstrap, build)


if __name__ == "__main__":
    sys.exit(main())
