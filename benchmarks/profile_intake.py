"""Profile intake's POST /v1/inputs under wrk with py-spy (the running gunicorn workers).

    .venv/bin/python -m benchmarks.profile_intake [--database sqlite|postgresql] [--seconds 15]

Writes a collapsed-stack file (benchmarks/profiles/intake-<db>.txt, one stack per line with its
sample count) and prints the functions with the most samples, own and cumulative.
"""
from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from benchmarks.intake_pair import INPUT, database, prepare
from benchmarks.processes import gunicorn, wrk
from services.common.cli import catalogue

PROFILES = Path(__file__).with_name("profiles")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args(argv)
    PROFILES.mkdir(exist_ok=True)
    out = PROFILES / f"intake-{args.database}-c{args.connections}.txt"
    with tempfile.TemporaryDirectory(prefix="heard-profile-") as tmp, \
            database(args.database, Path(tmp)) as url:
        env, key, _ = prepare(url)
        with gunicorn(catalogue.app_target("intake"), env, Path(tmp), "intake") as server:
            master = server.pid
            spy = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record",
                                    "--pid", str(master), "--subprocesses", "--format", "raw",
                                    "--rate", "200", "--duration", str(args.seconds + 1),
                                    "--output", str(out), "--nonblocking"])
            result = []
            load = threading.Thread(target=lambda: result.append(wrk(
                server, "/v1/inputs", connections=args.connections, seconds=args.seconds,
                body=json.dumps(INPUT), key=key)))
            load.start()
            load.join()
            spy.wait(timeout=120)
    print(f"{result[0].rate:.0f} req/s p50 {result[0].p50_ms:.1f} ms p99 {result[0].p99_ms:.1f} ms; "
          f"profile in {out}")
    summarise(out)
    return 0


def summarise(path: Path, top: int = 40) -> None:
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        n = int(count)
        frames = [f for f in stack.split(";") if not f.startswith("process ")]
        samples += n
        if frames:
            own[frames[-1]] += n
        for frame in set(frames):
            total[frame] += n
    print(f"\n{samples} samples. Most own time:")
    for frame, n in own.most_common(top // 2):
        print(f"  {n / samples:6.1%}  {frame}")
    print("Most cumulative time:")
    for frame, n in total.most_common(top):
        print(f"  {n / samples:6.1%}  {frame}")


if __name__ == "__main__":
    sys.exit(main())
