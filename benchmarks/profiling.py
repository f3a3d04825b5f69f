"""py-spy on running gunicorn workers while a load runs, and a summary of where samples fall."""
from __future__ import annotations

import collections
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from benchmarks.processes import Server

PROFILES = Path(__file__).with_name("profiles")
T = TypeVar("T")


def record(server: Server, out: Path, seconds: int, load: Callable[[], T]) -> T:
    """Sample the server's workers for `seconds` + 1 while `load` runs; returns what it returned."""
    out.parent.mkdir(exist_ok=True)
    spy = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record",
                            "--pid", str(server.pid), "--subprocesses", "--format", "raw",
                            "--rate", "200", "--duration", str(seconds + 1),
                            "--output", str(out), "--nonblocking"])
    try:
        return load()
    finally:
        spy.wait(timeout=120)


def summarise(path: Path, top: int = 40) -> None:
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():  # py-spy now and then writes a stack cut short
            continue
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
