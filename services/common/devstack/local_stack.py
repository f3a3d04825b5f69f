"""`make run`: the whole of Heard on this machine with embedded defaults.

Starts (or reuses, if KAFKA_BOOTSTRAP_SERVERS is set) a real Kafka broker, the SMTP sink,
migrates the SQLite databases, then each service's API (gunicorn) and worker as child
processes. "Heard is running" is printed only once every /readyz says ready (workers joined,
key topics caught up) and the demo key is accepted everywhere. A process that exits (the
broker too, when started here) is restarted with back-off and the restart is logged.
Ctrl-C stops everything, broker last. Data stays under var/ between runs.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from services.common.cli import catalogue
from services.common.devstack.supervisor import Supervised, popen_child, tick
from services.common.settings import PROJECT_ROOT, service_url, var_dir

DEMO_KEY_FILE = "demo-admin-key"
READY_TIMEOUT = 90


def run_local_stack() -> int:
    var = var_dir(os.environ)
    var.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HEARD_VAR_DIR=str(var), PYTHONUNBUFFERED="1")
    # decisions' worker builds the /data files here and its API serves them (one machine)
    env.setdefault("HEARD_OPEN_DATA_DIR", str(var / "open-data"))
    children: list[Supervised] = []
    broker = None
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        if not env.get("KAFKA_BOOTSTRAP_SERVERS"):
            broker = _start_broker(var)
            env["KAFKA_BOOTSTRAP_SERVERS"] = broker.bootstrap_servers
        started = time.monotonic()
        smtp_port = env.setdefault("HEARD_SMTP_PORT", "1025")
        _supervise(children, "smtp", [sys.executable, "-m", "services.common.devstack.smtp_sink",
                                      "--maildir", str(var / "mail"), "--port", smtp_port], env, var)
        _heard(["db", "upgrade", "--service", "all"], env)
        _heard(["topics", "create"], env)
        key = _demo_admin_key(var, env)
        for service in catalogue.SERVICES:
            port = _port(env, service)
            _supervise(children, f"{service}-api", [
                sys.executable, "-m", "gunicorn", "-c", "python:services.common.web.gunicorn_conf",
                "--bind", f"127.0.0.1:{port}", catalogue.app_target(service)], env, var)
            _supervise(children, f"{service}-worker",
                       [sys.executable, "-m", catalogue.worker_module(service)], env, var)
        if broker is not None:
            _record_pid(var, "kafka", broker.pid)
            children.insert(0, Supervised("kafka", lambda: _restart_broker(broker, var),
                                          lambda: broker.exit_code, str(broker.log_path)))
        _wait_ready(children, started, key)
        _print_banner(key, var)
        while True:
            tick(children)
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

    # HEARD_KAFKA_PORT / HEARD_KAFKA_CONTROLLER_PORT: for a second stack on one machine
    broker = KafkaBroker(var / "kafka" / "broker", port=int(os.environ.get("HEARD_KAFKA_PORT", 9092)),
                         controller_port=int(os.environ.get("HEARD_KAFKA_CONTROLLER_PORT", 9093)))
    broker.ensure_jars()
    print("starting Kafka (KRaft, single node) ...", flush=True)
    broker.start()
    broker.wait_ready(READY_TIMEOUT)
    print(f"Kafka ready on {broker.bootstrap_servers}", flush=True)
    return broker


def _restart_broker(broker, var: Path) -> None:
    broker.start()  # same ports, same data dir: clients reconnect to where they were
    _record_pid(var, "kafka", broker.pid)
    broker.wait_ready(READY_TIMEOUT)


def _supervise(children: list[Supervised], name: str, command: list[str], env: dict, var: Path):
    log_path = var / "logs" / f"{name}.log"

    def spawn():
        process = _spawn(command, env, var)
        _record_pid(var, name, process.pid)
        return process
    children.append(popen_child(name, spawn, str(log_path)))


def _record_pid(var: Path, name: str, pid: int | None) -> None:
    """var/pids/<name>.pid: which process is which, for an operator (or a test) to signal."""
    folder = var / "pids"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.pid").write_text(f"{pid}\n")


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


def _wait_ready(children, started: float, key: str) -> None:
    """Ready means /readyz says so (workers consuming, key topics caught up) and the demo key
    is accepted: a key made just before is otherwise refused for a moment by the others."""
    pending = set(catalogue.SERVICES)
    print("waiting for the services to be ready ...", flush=True)
    while pending:
        for service in sorted(pending):
            base = f"http://127.0.0.1:{_port(os.environ, service)}"
            if _is_ready(f"{base}/readyz") and _answers_200(f"{base}/v1/whoami", key):
                pending.discard(service)
                print(f"  {service} ready ({time.monotonic() - started:.0f}s)", flush=True)
        for child in children:
            if child.exited() is not None:
                raise SystemExit(f"{child.name} exited during start-up (code {child.exited()}); "
                                 f"its log: {child.log_path}")
        if time.monotonic() - started > READY_TIMEOUT * 2:
            raise SystemExit(f"not ready after {READY_TIMEOUT * 2}s: {sorted(pending)}")
        time.sleep(0.5)  # readiness polling interval


def _is_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return json.load(response).get("status") == "ready"
    except (OSError, ValueError):
        return False


def _answers_200(url: str, key: str | None = None) -> bool:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=2) as response:
            return response.status == 200
    except OSError:  # urllib's HTTPError (503, 401) is an OSError too
        return False


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
    processes = [(c.name, c.process()) for c in children if hasattr(c, "process")]
    for _, process in reversed(processes):
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    for name, process in reversed(processes):
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"{name} did not stop in time; killing it", file=sys.stderr)
            process.kill()
