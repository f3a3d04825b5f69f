"""`heard keys create --wait`, `list`, `rotate` and `revoke` against the three services served over
HTTP with their workers, the real broker and real databases."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys

import pytest

from services.common.settings import PROJECT_ROOT
from tests.support.databases import fresh_database
from tests.support.live import served
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker, service_env

SERVICES = ("intake", "decisions", "notify")


@pytest.fixture(params=["sqlite", "postgresql"])
def stack(request, tmp_path, kafka_bootstrap):
    import importlib

    with contextlib.ExitStack() as stack:
        urls = {s: stack.enter_context(fresh_database(request, request.param, tmp_path, s)) for s in SERVICES}
        runtimes = {s: make_runtime(s, urls[s], kafka_bootstrap) for s in SERVICES}
        env = {**os.environ}
        for service in SERVICES:
            stack.enter_context(running_worker(service, runtimes[service]))
            app = importlib.import_module(f"services.{service}.entrypoints.api").create_app(runtime=runtimes[service])
            env[f"HEARD_{service.upper()}_URL"] = stack.enter_context(served(app))
            env.update(service_env(service, urls[service], kafka_bootstrap))
        clients = {s: importlib.import_module(f"services.{s}.entrypoints.api")
                   .create_app(runtime=runtimes[s]).test_client() for s in SERVICES}
        yield env, clients


def heard(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.common.cli.main", "keys", *args],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=180)


def accepted_by(clients, secret: str) -> list[str]:
    return [s for s, client in clients.items()
            if client.get("/v1/whoami", headers={"Authorization": f"Bearer {secret}"}).status_code == 200]


def test_create_wait_returns_once_every_service_accepts_the_key_then_rotate_and_revoke(stack):
    env, clients = stack
    created = heard(env, "create", "--role", "admin", "--label", "cli test", "--wait", "--timeout", "150")
    assert created.returncode == 0, created.stderr
    assert "5 seconds" in created.stderr and "every service accepts the key" in created.stderr
    secret = created.stdout.strip().splitlines()[-1]
    assert accepted_by(clients, secret) == list(SERVICES)  # no waiting here: --wait did it

    key_id = clients["intake"].get("/v1/whoami", headers={"Authorization": f"Bearer {secret}"}).json["key_id"]
    listed = heard(env, "list")
    assert listed.returncode == 0, listed.stderr
    assert key_id in listed.stdout and "secret" not in listed.stdout and secret not in listed.stdout

    rotated = heard(env, "rotate", key_id, "--overlap-hours", "0", "--wait", "--timeout", "150")
    assert rotated.returncode == 0, rotated.stderr
    new_secret = rotated.stdout.strip().splitlines()[-1]
    assert accepted_by(clients, new_secret) == list(SERVICES)
    # the old key's expiry travels on the key topic like any change of the key
    wait_for(lambda: accepted_by(clients, secret) == [], timeout=60, message="old key expired everywhere")

    new_id = clients["intake"].get("/v1/whoami", headers={"Authorization": f"Bearer {new_secret}"}).json["key_id"]
    revoked = heard(env, "revoke", new_id)
    assert revoked.returncode == 0, revoked.stderr
    wait_for(lambda: accepted_by(clients, new_secret) == [], timeout=60, message="revocation everywhere")
    assert heard(env, "revoke", "6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10").returncode == 2
