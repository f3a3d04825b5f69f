"""The figures generation one process read recently, reused for a short while."""
from __future__ import annotations

from services.decisions.service_layer.figures_cache import FiguresCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_generation_is_read_again_once_the_window_has_passed():
    cache, clock, reads = FiguresCache(), Clock(), []
    database = {"generation": 7}

    def read() -> int:
        reads.append(clock.now)
        return database["generation"]

    assert cache.recent_generation(read, 1.0, clock) == 7
    database["generation"] = 8  # a change commits after the read
    clock.now += 0.5
    assert cache.recent_generation(read, 1.0, clock) == 7  # within the window: not asked
    clock.now += 0.5
    assert cache.recent_generation(read, 1.0, clock) == 8  # 1 s after the read began
    assert reads == [100.0, 101.0]


def test_no_window_reads_every_time_and_nothing_unmigrated_is_kept():
    cache, clock, reads = FiguresCache(), Clock(), []
    assert [cache.recent_generation(lambda: reads.append(1) or 3, 0.0, clock) for _ in range(3)] == [3] * 3
    assert len(reads) == 3
    assert cache.recent_generation(lambda: None, 60.0, clock) == 3  # the earlier read still holds
    other = FiguresCache()
    assert other.recent_generation(lambda: None, 60.0, clock) is None
    assert other.recent_generation(lambda: 5, 60.0, clock) == 5  # None was not kept


def test_figures_stored_under_a_later_number_win_over_the_remembered_one():
    cache, clock = FiguresCache(), Clock()
    assert cache.recent_generation(lambda: 4, 10.0, clock) == 4
    cache.put(6, "report", {"received": 1})  # a report read a later number meanwhile
    assert cache.recent_generation(lambda: 4, 10.0, clock) == 6
