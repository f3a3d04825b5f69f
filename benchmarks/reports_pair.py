"""The accountability report at scale: scripts/generate_dataset.py (seed 1) loads a fresh
PostgreSQL database straight into decisions' tables (COPY; its VACUUM ANALYZE included), then
each scope is timed twice: computed (nothing kept from before, as after any change to the data)
and answered again while nothing has changed (the figures kept under the figures generation).

The targets of issue 11 (largest programme p50 <= 200 ms, board <= 300 ms, whole data set
<= 500 ms) are set on the repeat answers; the computed timings are printed beside them.
"""
from __future__ import annotations

import functools
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.table import Row
from services.common.db.engine import make_engine
from services.common.devstack.postgres import create_database, drop_database, find_admin_url
from services.common.settings import PROJECT_ROOT
from services.decisions.service_layer.figures_cache import forget
from services.decisions.service_layer.reports import (
    accountability_report, figures_by_programme,
)

TARGETS_MS = {"programme": 200, "board": 300, "partner": None, "whole data set": 500}


def measure(folder: Path, *, inputs: int, decisions: int, repeat: int) -> list[Row]:
    admin = find_admin_url()
    if admin is None:
        raise RuntimeError("PostgreSQL is not reachable (make bench-deps)")
    url = create_database(admin, None)
    try:
        loaded = _load(url, inputs, decisions)
        return _time_scopes(url, inputs, repeat, loaded)
    finally:
        drop_database(admin, url)


def _load(url: str, inputs: int, decisions: int) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "generate_dataset.py"),
                           "--database-url", url, "--inputs", str(inputs), "--decisions", str(decisions),
                           "--seed", "1"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the data generator failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started


def _time_scopes(url: str, inputs: int, repeat: int, loaded: float) -> list[Row]:
    from benchmarks.report_benchmark import scopes  # the same scopes as the stand-alone script

    engine = make_engine(url)
    rows = []
    try:
        calls: list[tuple[str, Callable[[], object]]] = [
            (label, functools.partial(accountability_report, engine, flt)) for label, flt in scopes(engine)]
        calls.append(("home page figures (every programme)", functools.partial(figures_by_programme, engine)))
        for label, call in calls:
            computed = _timings(engine, call, repeat, fresh=True)
            again = _timings(engine, call, repeat, fresh=False)
            # the targets are set for a million inputs; a smaller (--quick) run only shows the path works
            target = next((ms for name, ms in TARGETS_MS.items() if label.startswith(name)), None) \
                if inputs >= 1_000_000 else None
            name = f"report {label}, {inputs:,} inputs, PostgreSQL"
            rows += [Row(f"{name}: computed", 1000 / statistics.median(computed), unit="req/s",
                         p50_ms=statistics.median(computed), p99_ms=max(computed),
                         extra={"ms": computed, "load_seconds": round(loaded, 1)}),
                     Row(f"{name}: unchanged data, answered again", 1000 / statistics.median(again),
                         unit="req/s", p50_ms=statistics.median(again), p99_ms=max(again),
                         max_p50_ms=target, extra={"ms": again})]
    finally:
        engine.dispose()
    return rows


def _timings(engine, call, repeat: int, *, fresh: bool) -> list[float]:
    forget(engine)
    call()  # warm-up: reads the pages into PostgreSQL's cache (and keeps the figures)
    times = []
    for _ in range(repeat):
        if fresh:
            forget(engine)
        started = time.perf_counter()
        call()
        times.append(round((time.perf_counter() - started) * 1000, 1))
    return times
