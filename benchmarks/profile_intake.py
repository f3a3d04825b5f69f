"""Profile intake's POST /v1/inputs under wrk with py-spy (the running gunicorn workers).

    .venv/bin/python -m benchmarks.profile_intake [--database sqlite|postgresql] [--seconds 15]

Writes a collapsed-stack file (benchmarks/profiles/intake-<db>.txt, one stack per line with its
sample count) and prints the functions with the most samples, own and cumulative.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks.intake_pair import INPUT, database, prepare
from benchmarks.processes import gunicorn, wrk
from benchmarks.profiling import PROFILES, record, summarise
from services.common.cli import catalogue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    out = PROFILES / f"intake-{args.database}-c{args.connections}.txt"
    with tempfile.TemporaryDirectory(prefix="heard-profile-") as tmp, \
            database(args.database, Path(tmp)) as url:
        env, key, _ = prepare(url)
        with gunicorn(catalogue.app_target("intake"), env, Path(tmp), "intake") as server:
            result = record(server, out, args.seconds, lambda: wrk(
                server, "/v1/inputs", connections=args.connections, seconds=args.seconds,
                body=json.dumps(INPUT), key=key))
    print(f"{result.rate:.0f} req/s p50 {result.p50_ms:.1f} ms p99 {result.p99_ms:.1f} ms; "
          f"profile in {out}")
    summarise(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
