"""`heard run` (what `make run` runs): everything ready, Ctrl-C stops cleanly, data survives."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import requests

from services.common.devstack import free_ports
from services.common.settings import PROJECT_ROOT
from tests.support.polling import wait_for


class Stack:
    def __init__(self, env: dict):
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "services.common.cli.main", "run"], cwd=PROJECT_ROOT,
            env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def demo_key(self) -> str:
        line = next(line for line in self.lines if "demo admin key:" in line)
        return line.split("demo admin key:")[1].strip()

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)


def test_run_brings_every_service_ready_stops_cleanly_and_keeps_data(kafka_bootstrap, tmp_path):
    intake, decisions, notify, smtp = free_ports(4)
    urls = {"intake": f"http://127.0.0.1:{intake}", "decisions": f"http://127.0.0.1:{decisions}",
            "notify": f"http://127.0.0.1:{notify}"}
    env = {"HEARD_VAR_DIR": str(tmp_path / "var"), "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
           "HEARD_SMTP_PORT": str(smtp), **{f"HEARD_{s.upper()}_URL": u for s, u in urls.items()}}

    first = Stack(env)
    started = time.monotonic()
    try:
        wait_for(lambda: "Heard is running." in first.lines or first.process.poll() is not None,
                 timeout=90, message="the stack to report it is running")
        assert first.process.poll() is None, "\n".join(first.lines[-30:])
        assert time.monotonic() - started < 90
        key = first.demo_key()
        for url in urls.values():  # "running" means ready everywhere, the new key known everywhere
            ready = requests.get(f"{url}/readyz", timeout=5)
            assert ready.status_code == 200 and ready.json()["status"] == "ready", ready.json()
            assert ready.json()["worker"]["assigned_partitions"] > 0
            assert requests.get(f"{url}/v1/whoami", headers={"Authorization": f"Bearer {key}"},
                                timeout=5).json()["role"] == "admin"
    finally:
        assert first.stop() == 0, "\n".join(first.lines[-30:])
    assert "stopped; data kept under var/" in first.lines
    for url in urls.values():
        try:
            requests.get(f"{url}/healthz", timeout=2)
            raise AssertionError(f"{url} still answers after Ctrl-C")
        except requests.ConnectionError:
            pass

    second = Stack(env)
    try:
        wait_for(lambda: "Heard is running." in second.lines or second.process.poll() is not None,
                 timeout=90, message="the second run to be ready")
        assert second.demo_key() == key
        # the key was stored in intake's SQLite file by the first run; it still works
        whoami = requests.get(f"{urls['decisions']}/v1/whoami",
                              headers={"Authorization": f"Bearer {key}"}, timeout=5)
        assert whoami.status_code == 200
    finally:
        assert second.stop() == 0


def _kill(var, name: str) -> int:
    pid = int((var / "pids" / f"{name}.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    return pid


def _all_ready(urls) -> bool:
    try:
        return all(requests.get(f"{u}/readyz", timeout=5).json()["status"] == "ready"
                   for u in urls.values())
    except (requests.RequestException, ValueError):
        return False


def test_run_restarts_a_crashed_worker_api_and_broker(tmp_path):
    intake, decisions, notify, smtp, kafka, controller = free_ports(6)
    urls = {"intake": f"http://127.0.0.1:{intake}", "decisions": f"http://127.0.0.1:{decisions}",
            "notify": f"http://127.0.0.1:{notify}"}
    var = tmp_path / "var"
    env = {"HEARD_VAR_DIR": str(var), "HEARD_SMTP_PORT": str(smtp),
           "HEARD_KAFKA_PORT": str(kafka), "HEARD_KAFKA_CONTROLLER_PORT": str(controller),
           **{f"HEARD_{s.upper()}_URL": u for s, u in urls.items()}}
    stack = Stack({**env, "KAFKA_BOOTSTRAP_SERVERS": ""})
    try:
        wait_for(lambda: "Heard is running." in stack.lines or stack.process.poll() is not None,
                 timeout=180, message="the stack to report it is running")
        assert stack.process.poll() is None, "\n".join(stack.lines[-30:])
        key = stack.demo_key()
        for name in ("decisions-worker", "intake-api", "kafka"):
            _kill(var, name)
            wait_for(lambda name=name: any(line.startswith(f"{name} restarted")
                                           for line in stack.lines),
                     timeout=120, message=f"{name} to be restarted")
            assert any(line.startswith(f"{name} exited with code") for line in stack.lines)
        wait_for(lambda: _all_ready(urls), timeout=120, message="every service ready again")
        created = requests.post(f"{urls['intake']}/v1/partners", timeout=10,
                                headers={"Authorization": f"Bearer {key}"},
                                json={"name": "Eastside Carers", "contact_email": "office@example.org"})
        assert created.status_code == 201, created.text
        assert stack.process.poll() is None, "\n".join(stack.lines[-30:])
    finally:
        assert stack.stop() == 0, "\n".join(stack.lines[-30:])
    assert "stopped; data kept under var/" in stack.lines
