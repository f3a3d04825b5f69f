"""Fault rows 1 and 3: the broker SIGKILLed under load, and the relay killed between sending
and marking. Nothing is lost, nothing happens twice, no worker exits on a broker error."""
from __future__ import annotations

import time

from services.common.cli import catalogue
from tests.faults.conftest import scaled
from tests.faults.oracle import Verdict, all_arrived, check
from tests.integration.intake.support import input_body
from tests.support.polling import wait_for


def submit(heard, partner, count: int) -> list[str]:
    """`count` submissions through intake's public API; each must be accepted (2xx)."""
    ids = []
    for n in range(count):
        response = heard.intake.client.post("/v1/inputs", json=input_body(summary=f"Input {n}."),
                                            headers=partner.headers)
        assert response.status_code == 201, response.json
        ids.append(response.json["input_id"])
    return ids


def test_row01_broker_killed_under_load_and_restarted(make_heard, fault_broker):
    load, outage = scaled(500, 120), scaled(20.0, 3.0)
    heard = make_heard()
    heard.start_all()
    partner = heard.intake.new_partner()
    ids = submit(heard, partner, 1)
    wait_for(lambda: all_arrived(heard, ids), timeout=90, message="the workers to consume")

    ids += submit(heard, partner, load // 3)
    fault_broker.kill()
    down_until = time.monotonic() + outage
    ids += submit(heard, partner, load // 3)  # the API keeps taking input into its outbox
    while time.monotonic() < down_until:  # the outage lasts its length; workers must stay up
        assert all(heard.alive(s) for s in catalogue.SERVICES), heard.log("decisions")
        time.sleep(0.5)  # the fault's own length, not a wait for an effect
    fault_broker.broker.start()
    fault_broker.broker.wait_ready(timeout=120)
    ids += submit(heard, partner, load - len(ids))

    wait_for(lambda: all_arrived(heard, ids), timeout=180, message="every input in every service")
    for service in catalogue.SERVICES:
        assert heard.alive(service), f"{service} worker exited:\n{heard.log(service)}"
    verdict = check(Verdict("1", heard.kind, f"{load} submissions",
                            f"broker SIGKILL, restarted after {outage:.0f}s"), heard, ids, heard.sink)
    assert verdict.passed, verdict.problems


def test_row03_relay_killed_between_send_and_mark_repeatedly(make_heard):
    load, kills = scaled(300, 60), 3
    heard = make_heard()
    heard.start_worker("decisions")
    heard.start_worker("notify")
    partner = heard.intake.new_partner()
    ids = []
    for _ in range(kills):
        ids += submit(heard, partner, load // (kills + 1))
        worker = heard.start_worker("intake", HEARD_FAULT="relay.after_send")
        wait_for(lambda worker=worker: worker.poll() is not None, timeout=60, message="the relay to die after send")
        assert worker.returncode == 137, heard.log("intake")
    ids += submit(heard, partner, load - len(ids))
    heard.start_worker("intake")

    wait_for(lambda: all_arrived(heard, ids), timeout=120, message="every input in every service")
    verdict = check(Verdict("3", heard.kind, f"{load} submissions",
                            f"relay killed after send, before mark, x{kills}"), heard, ids, heard.sink)
    assert verdict.passed, verdict.problems
