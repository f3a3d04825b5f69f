"""Runs a service's outbox relay and consumers in threads until SIGTERM or SIGINT."""
from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

log = logging.getLogger(__name__)


def repeat_until_stopped(stop: threading.Event, work: Callable[[], object], *, what: str,
                         idle_wait: float, error_wait: float = 2.0) -> None:
    """Call `work` until `stop` is set: at once again while it returns something truthy (busy),
    after `idle_wait` when it returns nothing to do, after `error_wait` when it raises (the
    database or broker may come back; the work is kept where it was)."""
    while not stop.is_set():
        try:
            busy = work()
        except Exception:  # logged, then tried again
            log.exception("%s failed; trying again shortly", what)
            busy = False
            stop.wait(error_wait)
        if not busy:
            stop.wait(idle_wait)


class Worker:
    def __init__(self, name: str, loops: Iterable[tuple[str, Callable[[threading.Event], None]]]):
        self.name = name
        self.loops = list(loops)
        self.stop = threading.Event()
        self.failed = threading.Event()
        self._threads: list[threading.Thread] = []
        self.relay: object = None  # the parts, for tests and probes to look at
        self.consumer: object = None

    def start(self) -> None:
        for loop_name, run in self.loops:
            thread = threading.Thread(target=self._guard, args=(loop_name, run),
                                      name=f"{self.name}-{loop_name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _guard(self, loop_name: str, run: Callable[[threading.Event], None]) -> None:
        try:
            run(self.stop)
        except Exception:  # a loop that dies takes the worker down, so the supervisor restarts it
            log.exception("%s %s stopped with an error", self.name, loop_name)
            self.failed.set()
            self.stop.set()

    def join(self, timeout: float = 30.0) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def run_forever(self) -> int:
        """Blocking entrypoint: installs signal handlers, drains cleanly on SIGTERM."""
        def request_stop(signum, _frame):
            log.info("%s received signal %s, draining", self.name, signum)
            self.stop.set()
        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self.start()
        log.info("%s worker running %s", self.name, [name for name, _ in self.loops])
        heartbeat = os.environ.get("HEARD_WORKER_HEARTBEAT_FILE")
        while not self.stop.wait(1.0):
            if heartbeat and all(thread.is_alive() for thread in self._threads):
                # container health checks read this file's age: fresh means every loop is alive
                Path(heartbeat).touch()
        self.join()
        log.info("%s worker stopped", self.name)
        return 1 if self.failed.is_set() else 0
