"""Computed figures kept for reuse while the data they were computed from has not changed.

The database moves a number on with every change to a table the figures read, in the changing
transaction (orm.figures_generation). A report reads that number in the same snapshot as its
figures, so figures stored under a number are exactly what a new computation would give for as
long as the number is current. Kept per engine, in memory (each API process has its own)."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine

MISSING = object()


class FiguresCache:
    """The latest generation's figures by key, the least recently used dropped beyond `size`."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._generation: int | None = None
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()  # gthread workers share the process
        self._recent: tuple[float, int] | None = None  # (monotonic time it was read, generation)

    def recent_generation(self, read: Callable[[], int | None], within_seconds: float,
                          clock: Callable[[], float] = time.monotonic) -> int | None:
        """The generation as read() gives it, or as it was read at most `within_seconds` ago
        by this process (0: always read). Timed from before the read, so a change committed
        after a read shows once `within_seconds` have passed from that read's start."""
        started = clock()
        with self._lock:
            if self._recent is not None and started - self._recent[0] < within_seconds:
                # figures stored since under a later number (read by a report) are newer still
                return max(self._recent[1], self._generation or self._recent[1])
        generation = read()
        if generation is not None:
            with self._lock:
                if self._recent is None or started > self._recent[0]:
                    self._recent = (started, generation)
        return generation

    def get(self, generation: int, key: Hashable) -> Any:
        """The figures stored for key under this generation, or MISSING."""
        with self._lock:
            if generation != self._generation or key not in self._entries:
                return MISSING
            self._entries.move_to_end(key)
            return self._entries[key]

    def get_or_build(self, generation: int | None, key: Hashable, build: Callable[[], Any]) -> Any:
        """What is stored for key under this generation, else build() stored under it; with
        no generation (not migrated yet), build() and keep nothing."""
        stored = MISSING if generation is None else self.get(generation, key)
        if stored is not MISSING:
            return stored
        built = build()
        if generation is not None:
            self.put(generation, key, built)
        return built

    def put(self, generation: int, key: Hashable, figures: Any) -> None:
        with self._lock:
            if self._generation is not None and generation < self._generation:
                return  # a slow reader's older snapshot: never replaces newer figures
            if generation != self._generation:
                self._generation, self._entries = generation, OrderedDict()
            self._entries[key] = figures
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


_caches: WeakKeyDictionary[Engine, FiguresCache] = WeakKeyDictionary()
_caches_lock = threading.Lock()


def cache_for(engine: Engine) -> FiguresCache:
    with _caches_lock:
        cache = _caches.get(engine)
        if cache is None:
            cache = _caches[engine] = FiguresCache()
        return cache


def forget(engine: Engine) -> None:
    """Drop what is kept for this engine (the benchmark times computing the figures afresh)."""
    with _caches_lock:
        _caches.pop(engine, None)
