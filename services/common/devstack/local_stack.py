"""`make run`: the whole of Heard on this machine with embedded defaults.

Starts (or reuses, if KAFKA_BOOTSTRAP_SERVERS is set) a real Kafka broker, the SMTP sink,
migrates the SQLite databases, then each service's API (gunicorn) and worker as child
processes. Ctrl-C stops everything, broker last. Data stays under var/ between runs.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from services.common.cli import catalogue
from services.common.settings import PROJECT_ROOT, service_url, var_dir

DEMO_KEY_FILE = "demo-admin-key"
READY_TIMEOUT = 90


def run_local_stack() -> int:
    var = var_dir(os.environ)
    var.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HEARD_VAR_DIR=str(var), PYTHONUNBUFFERED="1")
    children: list[tuple[str, subprocess.Popen]] = []
    broker = None
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        if not env.get("KAFKA_BOOTSTRAP_SERVERS"):
            broker = _start_broker(var)
            env["KAFKA_BOOTSTRAP_SERVERS"] = broker.bootstrap_servers
        started = time.monotonic()
        smtp_port = env.setdefault("HEARD_SMTP_PORT", "1025")
        children.append(("smtp", _spawn([sys.executable, "-m", "services.common.devstack.smtp_sink",
                                         "--maildir", str(var / "mail"), "--port", smtp_port], env, var)))
        _heard(["db", "upgrade", "--service", "all"], env)
        _heard(["topics", "create"], env)
        key = _demo_admin_key(var, env)
        for service in catalogue.SERVICES:
            port = _port(env, service)
            children.append((f"{service}-api", _spawn(
                [sys.executable, "-m", "gunicorn", "-c", "python:services.common.web.gunicorn_conf",
                 "--bind", f"127.0.0.1:{port}", catalogue.app_target(service)], env, var)))
            children.append((f"{service}-worker", _spawn(
                [sys.executable, "-m", catalogue.worker_module(service)], env, var)))
        _wait_ready(children, started)
        _print_banner(key, var)
        while True:
            for name, child in children:
                if child.poll() is not None:
                    print(f"{name} exited with code {child.returncode}; stopping Heard "
                          f"(its log: {var / 'logs' / (name + '.log')})", file=sys.stderr)
                    return 1
            time.sleep(1)  # supervision tick, not a wait for an effect
    except KeyboardInterrupt:
        print("\nstopping Heard ...", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _stop_children(children)
        if broker is not None and broker.running:
            print("stopping Kafka ...", flush=True)
            broker.stop()
        print("stopped; data kept under var/", flush=True)


def _start_broker(var: Path):
    from services.common.devstack.kafka_broker import KafkaBroker

    broker = KafkaBroker(var / "kafka" / "broker")
    broker.ensure_jars()
    print("starting Kafka (KRaft, single node) ...", flush=True)
    broker.start()
    broker.wait_ready(READY_TIMEOUT)
    print(f"Kafka ready on {broker.bootstrap_servers}", flush=True)
    return broker


def _spawn(command: list[str], env: dict, var: Path) -> subprocess.Popen:
    logs = var / "logs"
    logs.mkdir(exist_ok=True)
    log_file = open(logs / f"{_log_name(command)}.log", "ab")  # noqa: SIM115 - lives with the child
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log_file,
                            stderr=subprocess.STDOUT, start_new_session=True)


def _log_name(command: list[str]) -> str:
    if "gunicorn" in command:
        return command[-1].split(".")[1] + "-api"
    module = command[2]
    return "smtp" if module.endswith("smtp_sink") else module.split(".")[1] + "-worker"


def _heard(args: list[str], env: dict) -> None:
    subprocess.run([sys.executable, "-m", "services.common.cli.main", *args], cwd=PROJECT_ROOT,
                   env=env, check=True)


def _demo_admin_key(var: Path, env: dict) -> str:
    """One demo admin key per var/ folder: created on the first run, shown on every run."""
    path = var / DEMO_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    result = subprocess.run([sys.executable, "-m", "services.common.cli.main", "keys", "create",
                             "--role", "admin", "--label", "make run demo key"],
                            cwd=PROJECT_ROOT, env=env, check=True, capture_output=True, text=True)
    key = result.stdout.strip().splitlines()[-1]
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key


def _wait_ready(children, started: float) -> None:
    pending = set(catalogue.SERVICES)
    print("waiting for the services to be ready ...", flush=True)
    while pending:
        for service in sorted(pending):
            try:
                url = f"http://127.0.0.1:{_port(os.environ, service)}/readyz"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        pending.discard(service)
                        print(f"  {service} ready ({time.monotonic() - started:.0f}s)", flush=True)
            except OSError:
                pass
        for name, child in children:
            if child.poll() is not None:
                raise SystemExit(f"{name} exited during start-up (code {child.returncode})")
        if time.monotonic() - started > READY_TIMEOUT * 2:
            raise SystemExit(f"not ready after {READY_TIMEOUT * 2}s: {sorted(pending)}")
        time.sleep(0.5)  # readiness polling interval


def _print_banner(key: str, var: Path) -> None:
    print("\nHeard is running.\n")
    for service in catalogue.SERVICES:
        print(f"  {service:<10} {service_url(os.environ, service)}   (API docs: /docs, OpenAPI: /openapi.json)")
    print(f"  public site {service_url(os.environ, 'decisions')}/")
    print(f"  outgoing mail is saved under {var / 'mail'}")
    print(f"  logs: {var / 'logs'}")
    print(f"\n  demo admin key: {key}\n  (send it as 'Authorization: Bearer <key>')\n")
    print("Press Ctrl-C to stop.", flush=True)


def _port(env, service: str) -> int:
    """Each API listens on the port of its HEARD_<SERVICE>_URL (8001, 8002, 8003 by default)."""
    return urllib.parse.urlsplit(service_url(env, service)).port or 80


def _stop_children(children) -> None:
    for _, child in reversed(children):
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    for name, child in reversed(children):
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"{name} did not stop in time; killing it", file=sys.stderr)
            child.kill()
