"""What a consumer knows about itself, for /readyz and /metrics: assignment, lag, dead letters.

The consumer loop updates it (the Kafka client is not thread-safe, so only that thread asks the
broker); the worker's main thread copies `snapshot()` to the database for the API to read.
"""
from __future__ import annotations

import threading
import time
from collections import Counter


class ConsumerState:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.assigned: list[str] = []
        self.lag_by_topic: dict[str, int] = {}
        self.dead_letters: Counter[str] = Counter()
        self.broker_error: str | None = None
        self.last_poll_at: float | None = None
        self.commit_failures = 0

    def polled(self) -> None:
        with self._lock:
            self.broker_error = None
            self.last_poll_at = time.time()

    def failed(self, error: str) -> None:
        with self._lock:
            self.broker_error = error

    def commit_failed(self) -> None:
        with self._lock:
            self.commit_failures += 1

    def dead_lettered(self, topic: str) -> None:
        with self._lock:
            self.dead_letters[topic] += 1

    def measured(self, assigned: list[str], lag_by_topic: dict[str, int]) -> None:
        with self._lock:
            self.assigned = sorted(assigned)
            self.lag_by_topic = dict(lag_by_topic)

    def snapshot(self) -> dict:
        with self._lock:
            return {"assigned_partitions": len(self.assigned),
                    "lag_by_topic": dict(self.lag_by_topic),
                    "lag": sum(self.lag_by_topic.values()),
                    "dead_letters": dict(self.dead_letters),
                    "broker_error": self.broker_error,
                    "last_poll_at": self.last_poll_at,
                    "commit_failures": self.commit_failures}


def measure_lag(consumer) -> tuple[list[str], dict[str, int]]:
    """Assigned partitions and, per topic, how many records are still ahead of our position."""
    assignment = list(consumer.assignment())
    if not assignment:
        return [], {}
    ends = consumer.end_offsets(assignment)
    lag: dict[str, int] = {}
    for tp in assignment:
        lag[tp.topic] = lag.get(tp.topic, 0) + max(0, ends[tp] - consumer.position(tp))
    return [f"{tp.topic}[{tp.partition}]" for tp in assignment], lag
