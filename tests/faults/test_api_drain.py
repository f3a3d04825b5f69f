"""Fault row 8: SIGTERM to an API under load. Requests already running finish; new ones get 503
with Retry-After while it drains; no other 5xx; what was accepted arrives everywhere once."""
from __future__ import annotations

import http.client
import json
import signal
import threading
import time
import uuid

import pytest
from sqlalchemy import select

from services.common.devstack import free_port
from tests.faults.conftest import FULL
from tests.faults.oracle import Verdict, all_arrived, check
from tests.integration.intake.support import input_body
from tests.support.polling import wait_for

REFUSED = 0  # the status recorded for a connection that got no HTTP answer at all


class HttpSubmitters:
    """Partners posting inputs over HTTP from several threads until the API is gone."""

    def __init__(self, port: int, partner, threads: int = 4):
        self.port, self.partner = port, partner
        self.stop = threading.Event()
        self.sigterm_at: float | None = None
        # (started, status, retry-after, summary, input id or message)
        self.answers: list[tuple[float, int, str | None, str, str | None]] = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._post, daemon=True) for _ in range(threads)]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _post(self) -> None:
        while not self.stop.is_set():
            summary, started = f"Input {uuid.uuid4().hex}.", time.monotonic()
            status, retry_after, detail = REFUSED, None, None
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                connection.request("POST", "/v1/inputs", json.dumps(input_body(summary=summary)),
                                   {**self.partner.headers, "Content-Type": "application/json"})
                response = connection.getresponse()
                status, retry_after = response.status, response.getheader("Retry-After")
                body = json.loads(response.read() or b"{}")
                detail = body.get("input_id") if status == 201 else body.get("message")
            except OSError:
                pass  # the API has gone: recorded as REFUSED
            finally:
                connection.close()
            with self._lock:
                self.answers.append((started, status, retry_after, summary, detail))
            if status == REFUSED and self.sigterm_at is not None:
                self.stop.wait(0.2)  # it is going away; a client would try another replica

    def count(self, status: int) -> int:
        with self._lock:
            return sum(1 for answer in self.answers if answer[1] == status)


@pytest.mark.skipif(not FULL, reason="in `make faults` only (the reduced form is rows 1, 3, 4, 11-13)")
@pytest.mark.timeout(900)  # a fresh group reads the shared broker's backlog first
def test_row08_sigterm_to_an_api_under_load(make_heard):
    heard = make_heard()
    heard.start_all()
    partner = heard.intake.new_partner()
    port = free_port()
    api = heard.start_api("intake", port, HEARD_DRAIN_SECONDS="5", WEB_CONCURRENCY="2")

    def healthy() -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()
    wait_for(healthy, timeout=60, message="intake's API under gunicorn")

    with HttpSubmitters(port, partner) as load:
        wait_for(lambda: load.count(201) >= 30, timeout=60, message="load before SIGTERM")
        load.sigterm_at = time.monotonic()
        api.send_signal(signal.SIGTERM)
        wait_for(lambda: api.poll() is not None, timeout=60, message="the API to stop")
    answers = list(load.answers)
    assert api.returncode == 0

    before = [a for a in answers if a[0] < load.sigterm_at]
    assert all(a[1] in (201, 503) for a in before), sorted({a[1] for a in before})  # none cut off
    assert {a[1] for a in answers} <= {201, 503, REFUSED}, {a[1] for a in answers}
    draining = [a for a in answers if a[1] == 503]
    assert draining, "no request was answered 503 while the API drained"
    assert all(a[2] == "5" and "shutting down" in a[4] for a in draining), draining[:3]
    inputs = heard.runtimes["intake"].metadata.tables["inputs"]
    with heard.runtimes["intake"].engine.connect() as conn:
        assert conn.execute(select(inputs.c.input_id).where(
            inputs.c.summary.in_([a[3] for a in draining]))).all() == []
    ids = [a[4] for a in answers if a[1] == 201]
    wait_for(lambda: all_arrived(heard, ids), timeout=120, message="every accepted input everywhere")
    verdict = check(Verdict("8", heard.kind, f"{len(answers)} HTTP submissions, 4 threads",
                            "SIGTERM to intake's API (gunicorn), 5s drain"), heard, ids, heard.sink)
    verdict.counts.update(http503=len(draining), refused_after_drain=sum(1 for a in answers if a[1] == REFUSED))
    assert verdict.passed, verdict.problems
