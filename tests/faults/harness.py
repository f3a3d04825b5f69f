"""The fault matrix's stage: its own broker (rows kill it), the SMTP sink, three services on
fresh databases of one kind, each worker a child process (so it can be SIGKILLed or die at a
fault point), intake's public API driven in this process."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from services.common.cli import catalogue
from services.common.devstack import free_ports
from services.common.devstack.postgres import temporary_database
from services.common.devstack.kafka_broker import KafkaBroker
from services.common.messaging.kafka_clients import ensure_topics
from services.common.settings import PROJECT_ROOT
from tests.integration.intake.support import IntakeApi
from tests.integration.notify.support import FAST_DELIVERY
from tests.support.databases import fresh_database
from tests.support.services import make_runtime, service_env


class FaultBroker:
    """A broker on fixed ports, so it can be SIGKILLed and started again where clients expect."""

    def __init__(self, home: Path):
        port, controller = free_ports(2)
        self.broker = KafkaBroker(home, port=port, controller_port=controller)

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap_servers

    def start(self) -> None:
        self.broker.ensure_jars()
        self.broker.start()
        self.broker.wait_ready(timeout=120)
        ensure_topics(self.bootstrap)

    def kill(self) -> None:
        self.broker.kill()

    def stop(self) -> None:
        self.broker.stop()


class Heard:
    def __init__(self, request, kind: str, folder: Path, bootstrap: str, smtp_port: int,
                 stack: contextlib.ExitStack, sink=None, postgres_admin: str | None = None,
                 **worker_env: str):
        self.kind = kind
        self.sink = sink  # the SMTP sink the notify worker sends to
        self.folder = folder
        self.bootstrap = bootstrap
        self.env: dict[str, dict] = {}
        self.runtimes = {}
        for service in catalogue.SERVICES:
            if kind == "postgresql" and postgres_admin:  # the row's own server (it stops it)
                url = stack.enter_context(temporary_database(postgres_admin, prefix=f"heard_fault_{service}"))
            else:
                url = stack.enter_context(fresh_database(request, kind, folder, name=service))
            extra = {"HEARD_SMTP_PORT": str(smtp_port), **FAST_DELIVERY, **worker_env}
            # one env per service for the whole row: restarts rejoin the same consumer group
            self.env[service] = service_env(service, url, bootstrap, **extra)
            self.runtimes[service] = make_runtime(service, url, bootstrap, **extra)
            stack.callback(self.runtimes[service].engine.dispose)
        self.workers: dict[str, subprocess.Popen] = {}
        self.extra: list[tuple[str, subprocess.Popen]] = []  # more members of a consumer group
        self.exits: list[tuple[str, int]] = []
        self.intake = IntakeApi(self.runtimes["intake"])
        stack.callback(self.stop_all)

    def start_worker(self, service: str, **fault_env: str) -> subprocess.Popen:
        log = open(self.folder / f"{service}-worker.log", "ab")  # noqa: SIM115 - the child's
        env = {**os.environ, **self.env[service], **fault_env}
        self.workers[service] = subprocess.Popen(
            [sys.executable, "-m", catalogue.worker_module(service)], cwd=PROJECT_ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        return self.workers[service]

    def start_api(self, service: str, port: int, **env: str) -> subprocess.Popen:
        """The service's API under gunicorn, as `heard run` and production run it."""
        log = open(self.folder / f"{service}-api.log", "ab")  # noqa: SIM115 - the child's
        api = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:services.common.web.gunicorn_conf",
             "--bind", f"127.0.0.1:{port}", catalogue.app_target(service)], cwd=PROJECT_ROOT,
            env={**os.environ, **self.env[service], **env}, stdout=log, stderr=log)
        log.close()
        self.extra.append((f"{service}-api", api))
        return api

    def add_member(self, service: str) -> subprocess.Popen:
        """One more worker of `service` in the same consumer group (the group grows)."""
        first = self.workers[service]
        extra = self.start_worker(service)
        self.workers[service] = first
        self.extra.append((service, extra))
        return extra

    def remove_members(self, service: str) -> None:
        """SIGTERM the extra members of `service` (the group shrinks back); they drain first."""
        for name, worker in [pair for pair in self.extra if pair[0] == service]:
            worker.send_signal(signal.SIGTERM)
            self.exits.append((name, worker.wait(timeout=60)))
            self.extra.remove((name, worker))

    def start_all(self, **fault_env: str) -> None:
        for service in catalogue.SERVICES:
            self.start_worker(service, **fault_env)

    def stop_worker(self, service: str) -> None:
        worker = self.workers.pop(service)
        worker.send_signal(signal.SIGTERM)
        self.exits.append((service, worker.wait(timeout=60)))

    def kill_worker(self, service: str) -> None:
        worker = self.workers.pop(service)
        worker.send_signal(signal.SIGKILL)
        self.exits.append((service, worker.wait(timeout=30)))

    def alive(self, service: str) -> bool:
        return service in self.workers and self.workers[service].poll() is None

    def stop_all(self) -> None:
        for service in {name for name, _ in self.extra}:
            self.remove_members(service)  # extra members and APIs alike
        for worker in list(self.workers.values()):
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for service, worker in list(self.workers.items()):
            try:
                self.exits.append((service, worker.wait(timeout=60)))
            except subprocess.TimeoutExpired:
                worker.kill()
                self.exits.append((service, worker.wait()))
        self.workers.clear()

    def log(self, service: str, tail: int | None = 4000) -> str:
        path = self.folder / f"{service}-worker.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return text[-tail:] if tail else text
