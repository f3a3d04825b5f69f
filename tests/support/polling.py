"""Wait for an effect by polling with a deadline, never by sleeping a fixed time."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(probe: Callable[[], T], *, timeout: float = 30.0, interval: float = 0.05,
             message: str = "condition") -> T:
    """Call `probe` until it returns something truthy; return that, or fail at the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)  # polling interval, bounded by the deadline above
    raise AssertionError(f"timed out after {timeout}s waiting for {message}; last value: {last!r}")
