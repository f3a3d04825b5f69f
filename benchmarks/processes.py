"""Starting servers the way `make run` does (gunicorn, same settings) and driving wrk at them."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from services.common.devstack import free_port
from services.common.settings import PROJECT_ROOT

LUA = Path(__file__).with_name("wrk_post.lua")
GUNICORN_CONF = "python:services.common.web.gunicorn_conf"


@dataclass
class Server:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the server and its worker processes so far: unlike
        wall-clock rates, this hardly moves when other processes compete for the cores."""
        pids = [self.pid]
        with contextlib.suppress(OSError):
            pids += [int(p) for p in Path(f"/proc/{self.pid}/task/{self.pid}/children")
                     .read_text().split()]
        ticks = 0
        for pid in pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def gunicorn(target: str, env: dict[str, str], log_dir: Path, name: str) -> Iterator[Server]:
    """`target` under gunicorn with `make run`'s config; yields the running server."""
    with gunicorns([(target, env, name)], log_dir) as (server,):
        yield server


@contextlib.contextmanager
def gunicorns(specs: list[tuple[str, dict[str, str], str]], log_dir: Path) -> Iterator[list[Server]]:
    """Several (target, env, name) servers, all started before any is waited for, so their
    start-ups (imports, migrations checks) overlap."""
    with contextlib.ExitStack() as stack:
        children: list[tuple[subprocess.Popen, str, Path]] = []
        processes: list[subprocess.Popen] = []
        stack.callback(_stop_all, processes)  # all stopped together on the way out
        for target, env, name in specs:
            port = free_port()
            log = stack.enter_context(open(log_dir / f"{name}.log", "ab"))
            child = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", GUNICORN_CONF, "--bind", f"127.0.0.1:{port}",
                 target], cwd=PROJECT_ROOT, env={**os.environ, **env}, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
            processes.append(child)
            children.append((child, f"http://127.0.0.1:{port}", log_dir / f"{name}.log"))
        for child, url, log_path in children:
            wait_answering(url + "/healthz", child, log_path)
        yield [Server(url, child.pid) for child, url, _ in children]


def _stop_all(children: list[subprocess.Popen]) -> None:
    """SIGINT, gunicorn's quick shutdown (nothing is in flight once a measurement ends), to all
    at once, then wait for each."""
    for child in children:
        child.send_signal(signal.SIGINT)
    for child in children:
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()


def wait_answering(url: str, child: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    def answers() -> None:
        with urllib.request.urlopen(url, timeout=2):
            pass
    _wait_started(answers, f"{url} answering", child, log_path, timeout)


def _wait_started(check: Callable[[], None], what: str, child: subprocess.Popen, log_path: Path,
                  timeout: float) -> None:
    """Poll `check` (OSError: not yet) until it passes; RuntimeError if `child` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"{what}: process exited (code {child.returncode}); see {log_path}")
        try:
            check()
            return
        except OSError:
            time.sleep(0.2)  # start-up polling interval
    raise RuntimeError(f"no {what} in {timeout}s; see {log_path}")


@contextlib.contextmanager
def smtp_sink(maildir: Path, log_dir: Path) -> Iterator[int]:
    """The aiosmtpd sink in a process of its own, as a real relay would be: in the measuring
    process it would share that process's GIL with the sender. Yields its port."""
    port, log_path = free_port(), log_dir / f"{maildir.name}.log"
    with open(log_path, "ab") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "services.common.devstack.smtp_sink", "--maildir", str(maildir),
             "--port", str(port)], cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            _wait_started(lambda: socket.create_connection(("127.0.0.1", port), timeout=2).close(),
                          f"SMTP sink listening on {port}", child, log_path, 30)
            yield port
        finally:
            _stop_all([child])


@dataclass
class WrkResult:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p99_ms: float
    cpu_ms: float | None = None  # server CPU per request

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(server: Server, path: str, *, connections: int, seconds: float, body: str | None = None,
        key: str | None = None, method: str = "POST") -> WrkResult:
    threads = min(connections, 2)
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_BODY": body or "", "BENCH_KEY": key or ""}
    cpu_before = server.cpu_seconds()
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
         "--timeout", "10s", "-s", str(LUA), server.url + path],
        env=env, capture_output=True, text=True, check=True)
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    cpu = server.cpu_seconds() - cpu_before
    return WrkResult(requests=data["requests"], seconds=data["duration_us"] / 1e6,
                     errors=data["socket_errors"] + data["status_errors"],
                     p50_ms=data["p50_us"] / 1000, p99_ms=data["p99_us"] / 1000,
                     cpu_ms=cpu * 1000 / data["requests"] if data["requests"] else None)


def best(results: list[WrkResult]) -> WrkResult:
    """Of repeated rounds, the one with the highest rate: other load on a shared machine only
    ever slows a round down, so the fastest round is the least disturbed one."""
    return max(results, key=lambda r: r.rate)
