"""Draining an API on SIGTERM, so a stop under load loses nothing and surprises no client.

gunicorn's own SIGTERM stops a worker from accepting at once: requests still on their way are
refused at the socket. Instead, for HEARD_DRAIN_SECONDS after SIGTERM the worker keeps its
socket and answers every new request 503 with Retry-After (a balancer takes it out of rotation,
a client tries again later or elsewhere) while requests already running finish; then it stops
as gunicorn would. /healthz still answers: the process is alive, only leaving.
"""
from __future__ import annotations

import os
import signal
import threading

from flask import request

DRAIN_RETRY_AFTER_SECONDS = 5
_draining = threading.Event()


def start_draining() -> None:
    _draining.set()


def is_draining() -> bool:
    return _draining.is_set()


def refuse_while_draining():
    """A before_request hook: 503 with Retry-After for anything new while draining."""
    if not _draining.is_set() or request.path == "/healthz":
        return None
    body = {"code": 503, "status": "Service Unavailable",
            "message": f"This server is shutting down; nothing was saved. Try again in "
                       f"{DRAIN_RETRY_AFTER_SECONDS} seconds.", "errors": {}}
    return body, 503, {"Retry-After": str(DRAIN_RETRY_AFTER_SECONDS), "Connection": "close"}


def drain_on_sigterm(worker, seconds: float) -> None:
    """Replace a gunicorn worker's SIGTERM handler: drain for `seconds`, then stop it the way
    its own handler does (alive = False), waking its accept loop through its pipe."""
    def finish() -> None:
        worker.alive = False
        os.write(worker.PIPE[1], b".")

    def on_sigterm(_signum, _frame) -> None:
        if _draining.is_set():
            return
        start_draining()
        worker.log.info("draining for %.0fs before stopping", seconds)
        threading.Timer(seconds, finish).start()

    signal.signal(signal.SIGTERM, on_sigterm)
    signal.siginterrupt(signal.SIGTERM, False)  # as gunicorn: a running request is not disturbed
