"""Keeps `heard run`'s processes up: one that exits is started again with back-off, and each
restart is logged, so a crashed worker, API or broker is a blip rather than the end of Heard."""
from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

BACKOFF_INITIAL = 1.0
BACKOFF_MAX = 30.0
HEALTHY_AFTER = 60.0  # a process that ran this long had recovered: its next restart is quick


@dataclass
class Supervised:
    name: str
    start: Callable[[], object]  # starts the process; returns a Popen (or None for the broker)
    exited: Callable[[], int | None]  # the exit code once it has stopped, else None
    log_path: str = ""
    restarts: int = 0
    started_at: float = field(default_factory=time.monotonic)
    delay: float = BACKOFF_INITIAL
    restart_at: float | None = None


def popen_child(name: str, spawn: Callable[[], subprocess.Popen], log_path: str = "") -> Supervised:
    holder: dict[str, subprocess.Popen] = {}

    def start():
        holder["process"] = spawn()
        return holder["process"]

    start()
    child = Supervised(name, start, lambda: holder["process"].poll(), log_path)
    child.process = lambda: holder["process"]  # type: ignore[attr-defined]
    return child


def tick(children: list[Supervised], now: float | None = None) -> None:
    """One supervision round: notice exits, schedule restarts with back-off, run those due."""
    now = time.monotonic() if now is None else now
    for child in children:
        if child.restart_at is None:
            code = child.exited()
            if code is None:
                continue
            if now - child.started_at > HEALTHY_AFTER:
                child.delay = BACKOFF_INITIAL
            child.restart_at = now + child.delay
            print(f"{child.name} exited with code {code}; restarting it in {child.delay:.0f}s"
                  f"{f' (its log: {child.log_path})' if child.log_path else ''}",
                  file=sys.stderr, flush=True)
            child.delay = min(child.delay * 2, BACKOFF_MAX)
        elif now >= child.restart_at:
            child.restart_at = None
            child.restarts += 1
            child.started_at = now
            try:
                child.start()
                print(f"{child.name} restarted (restart {child.restarts})", file=sys.stderr,
                      flush=True)
            except Exception as exc:  # noqa: BLE001 - try again after the next back-off
                print(f"{child.name} could not be restarted: {exc}", file=sys.stderr, flush=True)
                child.restart_at = now + child.delay
                child.delay = min(child.delay * 2, BACKOFF_MAX)
