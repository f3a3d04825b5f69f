"""Fault row 5: decisions' consumer group grows from 1 to 3 members and back under load.
Every event is handled once (rebalances redeliver; the inbox skips)."""
from __future__ import annotations

import pytest

from tests.faults.conftest import FULL, scaled
from tests.faults.oracle import Verdict, all_arrived, check, effects
from tests.faults.test_broker_and_relay import submit
from tests.support.polling import wait_for


@pytest.mark.skipif(not FULL, reason="in `make faults` only (the reduced form is rows 1, 3, 4, 6, 11-13)")
def test_row05_consumer_group_grows_and_shrinks_under_load(make_heard):
    load = scaled(300, 60)
    heard = make_heard()
    heard.start_all()
    partner = heard.intake.new_partner()
    ids = submit(heard, partner, load // 3)
    heard.add_member("decisions")
    heard.add_member("decisions")
    ids += submit(heard, partner, load // 3)
    # the new members have joined once some of the middle third arrived while three were in
    wait_for(lambda: len(effects(heard, ids)["decisions"]) > load // 3, timeout=90,
             message="decisions consuming with three members")
    heard.remove_members("decisions")
    ids += submit(heard, partner, load - len(ids))

    wait_for(lambda: all_arrived(heard, ids), timeout=180, message="every input in every service")
    assert all(code == 0 for name, code in heard.exits if name == "decisions")
    verdict = check(Verdict("5", heard.kind, f"{load} submissions",
                            "decisions group 1 -> 3 -> 1 members"), heard, ids, heard.sink)
    assert verdict.passed, verdict.problems
