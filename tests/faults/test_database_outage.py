"""Fault row 7: the database does not answer for a while under load. PostgreSQL: the row's own
server is stopped and started again. SQLite: another process holds every database's write lock
for longer than the services wait for it. The APIs answer 503 with Retry-After and a clear
message and save nothing of a refused request; the workers pause and resume; nothing is lost."""
from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from services.common.cli import catalogue
from tests.faults.conftest import FULL
from tests.faults.oracle import Verdict, all_arrived, check
from tests.faults.private_postgres import PrivatePostgres
from tests.integration.intake.support import input_body
from tests.support.polling import wait_for

SQLITE_BUSY_WAIT = 30  # services/common/db/engine.py: busy_timeout


class Submitters:
    """Partners posting inputs from several threads until stopped; every answer is kept."""

    def __init__(self, heard, partner, threads: int = 4):
        self.app, self.partner = heard.intake.client.application, partner
        self.stop = threading.Event()
        self.answers: list[tuple[int, str | None, str, str | None]] = []  # status, retry-after, summary, id
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._post, daemon=True) for _ in range(threads)]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout=SQLITE_BUSY_WAIT + 30)

    def _post(self) -> None:
        client = self.app.test_client()
        while not self.stop.is_set():
            summary = f"Input {uuid.uuid4().hex}."
            response = client.post("/v1/inputs", json=input_body(summary=summary), headers=self.partner.headers)
            body = response.get_json(silent=True) or {}
            retry_after = response.headers.get("Retry-After")
            with self._lock:
                self.answers.append((response.status_code, retry_after, summary,
                                     body.get("input_id") if response.status_code == 201 else body.get("message")))
            if response.status_code == 503 and retry_after:
                self.stop.wait(float(retry_after))  # a client that does as it is told

    def count(self, status: int) -> int:
        with self._lock:
            return sum(1 for answer in self.answers if answer[0] == status)


@contextlib.contextmanager
def sqlite_locked(heard):
    """Hold the write lock of every service's SQLite database, as a stuck process would."""
    holders = []
    for service in catalogue.SERVICES:
        path = make_url(heard.env[service][f"HEARD_{service.upper()}_DATABASE_URL"]).database
        holder = sqlite3.connect(Path(path), isolation_level=None, timeout=60)
        holder.execute("BEGIN EXCLUSIVE")
        holders.append(holder)
    try:
        yield
    finally:
        for holder in holders:
            holder.rollback()
            holder.close()


@pytest.fixture
def own_postgres(request):
    """The row's own PostgreSQL server when the row runs on PostgreSQL (set up before, and torn
    down after, the row's services and databases)."""
    if request.node.callspec.params["make_heard"] != "postgresql":
        yield None
        return
    server = PrivatePostgres()
    server.create()
    yield server
    server.destroy()


@pytest.mark.skipif(not FULL, reason="in `make faults` only (the reduced form is rows 1, 3, 4, 11-13)")
@pytest.mark.timeout(900)  # a fresh group reads the shared broker's backlog first
def test_row07_database_unavailable_under_load(own_postgres, make_heard):
    outage = 30.0 if own_postgres else SQLITE_BUSY_WAIT + 10.0
    heard = make_heard(postgres_admin=own_postgres.admin_url if own_postgres else None)
    _row07(heard, own_postgres, outage)


def _row07(heard, server, outage: float) -> None:
    heard.start_all()
    partner = heard.intake.new_partner()
    with Submitters(heard, partner) as load:
        wait_for(lambda: load.count(201) >= 20, timeout=60, message="load before the outage")
        fault = server.stop if server else None
        with (contextlib.nullcontext() if server else sqlite_locked(heard)):
            if fault:
                fault()
            until = time.monotonic() + outage
            while time.monotonic() < until:  # the outage lasts its length; no worker may exit
                assert all(heard.alive(s) for s in catalogue.SERVICES), heard.log("decisions")
                time.sleep(0.5)  # the fault's own length, not a wait for an effect
            if server:
                server.start()
        accepted = load.count(201)
        wait_for(lambda: load.count(201) >= accepted + 20, timeout=120, message="load after the outage")
    answers = list(load.answers)

    statuses = {status for status, *_ in answers}
    assert statuses <= {201, 503}, statuses
    refusals = [a for a in answers if a[0] == 503]
    assert refusals, "no request was refused during the outage"
    assert all(a[1] == "5" and a[3].startswith("The database is not answering") for a in refusals), refusals[:3]
    inputs = heard.runtimes["intake"].metadata.tables["inputs"]
    with heard.runtimes["intake"].engine.connect() as conn:
        half_written = conn.execute(select(inputs.c.input_id).where(
            inputs.c.summary.in_([a[2] for a in refusals]))).all()
    assert half_written == []  # a refused request saved nothing
    ids = [a[3] for a in answers if a[0] == 201]
    wait_for(lambda: all_arrived(heard, ids), timeout=180, message="every input in every service")
    assert all(heard.alive(s) for s in catalogue.SERVICES)
    verdict = check(Verdict("7", heard.kind, f"{len(answers)} submissions, 4 threads",
                            f"database unavailable {outage:.0f}s"), heard, ids, heard.sink)
    verdict.counts["http503"] = len(refusals)
    assert verdict.passed, verdict.problems
