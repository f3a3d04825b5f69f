"""The public home page and a programme page (target 6): Heard's decisions site under gunicorn
with `make run`'s settings against bare Flask serving the very same HTML from memory.

scripts/generate_dataset.py (seed 1) loads a fresh PostgreSQL database; Heard's pages are fetched
once, their bytes handed to the bare app, then both are measured alternately at 16 connections.
"""
from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from benchmarks.processes import best, gunicorns, wrk
from benchmarks.table import Row
from services.common.cli import catalogue
from services.common.db.engine import make_engine
from services.common.devstack import free_port
from services.common.devstack.postgres import create_database, drop_database, find_admin_url
from services.common.settings import PROJECT_ROOT


def measure(folder: Path, *, inputs: int, decisions: int, seconds: float, rounds: int) -> list[Row]:
    with loaded_database(inputs, decisions) as url:
        return _measure_pages(url, folder, inputs, seconds, rounds)


@contextlib.contextmanager
def loaded_database(inputs: int, decisions: int) -> Iterator[str]:
    """A fresh PostgreSQL database loaded by scripts/generate_dataset.py (seed 1), then dropped."""
    admin = find_admin_url()
    if admin is None:
        raise RuntimeError("PostgreSQL is not reachable (make bench-deps)")
    url = create_database(admin, None)
    try:
        done = subprocess.run([sys.executable, str(PROJECT_ROOT / "scripts" / "generate_dataset.py"),
                               "--database-url", url, "--inputs", str(inputs),
                               "--decisions", str(decisions), "--seed", "1"],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"the data generator failed: {done.stderr[-2000:]}")
        yield url
    finally:
        drop_database(admin, url)


def site_env(url: str) -> dict[str, str]:
    """The decisions service's settings for the public pages, as `make run` has them."""
    return {"HEARD_DECISIONS_DATABASE_URL": url, "HEARD_LOG_FORMAT": "text",
            "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}",  # pages never talk to Kafka
            # the limiter runs (its cost is Heard's) but wrk's one address must not be refused
            **{f"HEARD_RATE_LIMIT_{kind}": "10000000/minute" for kind in ("PER_ADDRESS", "HEAVY")}}


def largest_programme_path(url: str) -> str:
    """The programme page with the most input: the slowest one to work out."""
    from sqlalchemy import func, select

    from services.decisions.adapters import orm
    from services.decisions.domain.slugs import programme_slug

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            name = connection.execute(
                select(orm.inputs.c.programme).group_by(orm.inputs.c.programme)
                .order_by(func.count().desc()).limit(1)).scalar_one()
    finally:
        engine.dispose()
    return f"/programmes/{programme_slug(name)}"


def _measure_pages(url: str, folder: Path, inputs: int, seconds: float, rounds: int) -> list[Row]:
    paths = {"home page": "/", "largest programme's page": largest_programme_path(url)}
    with gunicorns([(catalogue.app_target("decisions"), site_env(url), "pages-heard")], folder) as (heard,):
        pages = {path: _fetch(heard.url + path) for path in paths.values()}
        served = folder / "pages.json"
        served.write_text(json.dumps(pages))
        with gunicorns([("benchmarks.limits:bare_pages_app()", {"BENCH_PAGES": str(served)},
                         "pages-bare")], folder) as (bare,):
            runs: dict[str, list] = {}
            for server in (heard, bare):  # warm-up: first renders, pools, the figures kept
                for path in paths.values():
                    wrk(server, path, connections=2, seconds=1, method="GET")
            for _ in range(rounds):  # alternate, so a burst of other load hits both sides
                for path in paths.values():
                    for side, server in (("heard", heard), ("bare", bare)):
                        runs.setdefault(side + path, []).append(
                            wrk(server, path, connections=16, seconds=seconds, method="GET"))
    rows = []
    for label, path in paths.items():
        h, b = best(runs["heard" + path]), best(runs["bare" + path])
        rows.append(Row(f"GET {label} ({inputs:,} inputs, PostgreSQL), 16 conn, vs bare Flask "
                        "serving the same HTML", h.rate, b.rate, target_ratio=0.50,
                        p50_ms=h.p50_ms, p99_ms=h.p99_ms, errors=h.errors,
                        extra={"path": path, "bytes": len(pages[path]), "limit_p50_ms": b.p50_ms,
                               "limit_p99_ms": b.p99_ms, "heard_cpu_ms": h.cpu_ms,
                               "limit_cpu_ms": b.cpu_ms}))
    return rows


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        return response.read().decode()
