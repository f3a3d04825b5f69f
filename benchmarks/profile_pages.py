"""Profile the public home page or a programme page under wrk with py-spy (the gunicorn workers).

    .venv/bin/python -m benchmarks.profile_pages [--page home|programme] [--inputs 2000]

Writes benchmarks/profiles/pages-<page>.txt (one stack per line with its sample count) and
prints the functions with the most samples, own and cumulative.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks.pages_pair import largest_programme_path, loaded_database, site_env
from benchmarks.processes import gunicorn, wrk
from benchmarks.profiling import PROFILES, record, summarise
from services.common.cli import catalogue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", default="programme", choices=("home", "programme"))
    parser.add_argument("--inputs", type=int, default=2_000)
    parser.add_argument("--decisions", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args(argv)
    out = PROFILES / f"pages-{args.page}.txt"
    with tempfile.TemporaryDirectory(prefix="heard-profile-") as tmp, \
            loaded_database(args.inputs, args.decisions) as url:
        path = "/" if args.page == "home" else largest_programme_path(url)
        with gunicorn(catalogue.app_target("decisions"), site_env(url), Path(tmp), "site") as server:
            wrk(server, path, connections=2, seconds=1, method="GET")  # warm-up
            result = record(server, out, args.seconds, lambda: wrk(
                server, path, connections=16, seconds=args.seconds, method="GET"))
    print(f"{path}: {result.rate:.0f} req/s p50 {result.p50_ms:.1f} ms p99 {result.p99_ms:.1f} ms; "
          f"profile in {out}")
    summarise(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
