"""Decisions's worker: outbox relay, consumers, and the /data files when HEARD_OPEN_DATA_DIR is
set. `python -m services.decisions.entrypoints.worker`."""
from __future__ import annotations

import sys

from services.common.messaging.service_worker import build_worker, run_worker
from services.common.messaging.worker import repeat_until_stopped
from services.decisions.config import open_data_dir, open_data_seconds
from services.decisions.entrypoints.consumers import read_model_handlers
from services.decisions.service_layer.open_data import refresh_files


def build(runtime):
    folder, loops = open_data_dir(), []
    if folder is not None:
        def run_open_data(stop):
            repeat_until_stopped(stop, lambda: refresh_files(
                runtime.engine, runtime.settings.public_base_url, folder),
                what="open-data files", idle_wait=open_data_seconds())
        loops.append(("open-data", run_open_data))
    return build_worker(runtime, read_model_handlers(runtime.uow_factory), extra_loops=loops)


def main() -> int:
    from services.decisions.bootstrap import bootstrap

    return run_worker(bootstrap, build)


if __name__ == "__main__":
    sys.exit(main())
