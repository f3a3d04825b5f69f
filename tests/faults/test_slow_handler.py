"""Fault row 6: a handler slower than max.poll.interval.ms. The consumer loses its partitions
while it works (the rebalance is logged), its offset commit fails, the batch comes again and
the inbox skips it: one effect each."""
from __future__ import annotations

import pytest

import re

from tests.faults.conftest import FULL, scaled
from tests.faults.oracle import Verdict, all_arrived, check, effects
from tests.faults.test_broker_and_relay import submit
from tests.support.polling import wait_for

POLL_INTERVAL_MS = 3000
PAUSE_SECONDS = 10  # more than the poll interval plus a heartbeat: the member leaves the group


@pytest.mark.skipif(not FULL, reason="in `make faults` only (the reduced form is rows 1, 3, 4, 11-13)")
@pytest.mark.timeout(900)  # a fresh group reads the shared broker's backlog first
def test_row06_handler_slower_than_max_poll_interval(make_heard):
    load = scaled(300, 40)
    heard = make_heard()
    heard.start_worker("intake")
    heard.start_worker("notify")
    partner = heard.intake.new_partner()
    ids = submit(heard, partner, load // 2)
    # only decisions has the short poll interval: the others are not slowed by rebalances
    heard.start_worker("decisions", HEARD_FAULT="consumer.slow_handler", HEARD_FAULT_AFTER="5",
                       HEARD_FAULT_PAUSE_SECONDS=str(PAUSE_SECONDS),
                       HEARD_CONSUMER_MAX_POLL_INTERVAL_MS=str(POLL_INTERVAL_MS))
    wait_for(lambda: "pausing" in heard.log("decisions"), timeout=90, message="the slow handler")
    ids += submit(heard, partner, load - len(ids))  # more load while it is held

    wait_for(lambda: all_arrived(heard, ids), timeout=120, message="every input in every service")
    log = heard.log("decisions", tail=None)
    assert re.search(r"rebalance: decisions-consumer (gives up|lost) \d+ partitions", log), heard.log("decisions")
    assert heard.alive("decisions"), heard.log("decisions")
    verdict = check(Verdict("6", heard.kind, f"{load} submissions",
                            f"decisions handler held {PAUSE_SECONDS}s > max.poll.interval "
                            f"{POLL_INTERVAL_MS // 1000}s"), heard, ids, heard.sink)
    verdict.counts["decisions_rows"] = sum(effects(heard, ids)["decisions"].values())
    assert verdict.passed, verdict.problems
