"""Fault row 2: the broker absent when the services start. The API takes input and says
"degraded" with the reason; the workers stay up (no crash loop); all is published once the
broker comes."""
from __future__ import annotations

import time

import pytest

from services.common.cli import catalogue
from tests.faults.conftest import FULL, scaled
from tests.faults.oracle import Verdict, all_arrived, check
from tests.faults.test_broker_and_relay import submit
from tests.support.polling import wait_for


@pytest.mark.skipif(not FULL, reason="in `make faults` only (the reduced form is rows 1, 3, 4, 11-13)")
def test_row02_broker_absent_at_start(make_heard, fault_broker):
    load, absent_for = scaled(200, 40), scaled(20.0, 6.0)
    fault_broker.kill()
    heard = make_heard()
    heard.start_all()
    partner = heard.intake.new_partner()
    ids = submit(heard, partner, load)
    ready = heard.intake.client.get("/readyz")
    assert ready.status_code == 200 and ready.json["status"] == "degraded", ready.json
    assert "the broker does not answer (input is kept in the outbox)" in ready.json["reasons"]
    assert ready.json["outbox_backlog"] >= load
    absent_until = time.monotonic() + absent_for
    while time.monotonic() < absent_until:  # no worker may exit while the broker is away
        assert all(heard.alive(s) for s in catalogue.SERVICES), heard.log("intake")
        time.sleep(0.5)  # the fault's own length, not a wait for an effect
    fault_broker.broker.start()
    fault_broker.broker.wait_ready(timeout=120)

    wait_for(lambda: all_arrived(heard, ids), timeout=180, message="every input in every service")
    wait_for(lambda: heard.intake.client.get("/readyz").json["status"] == "ready", timeout=60,
             message="intake ready once the broker is back")
    assert all(heard.alive(s) for s in catalogue.SERVICES)
    verdict = check(Verdict("2", heard.kind, f"{load} submissions",
                            f"broker absent at start for {absent_for:.0f}s"), heard, ids, heard.sink)
    assert verdict.passed, verdict.problems
