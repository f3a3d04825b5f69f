"""Fault row 5: decisions' consumer group grows from 1 to 3 members and back under load.
Every event is handled once (rebalances redeliver; the inbox skips), and events of one key are
handled in the order they were published: contributors change their consent again and again
while members come and go, and decisions' inbox shows each contributor's changes in order."""
from __future__ import annotations

import pytest

from services.common.contracts import contract_for
from tests.faults.conftest import FULL, scaled
from tests.faults.oracle import Verdict, all_arrived, check, effects, out_of_order, processed
from tests.faults.test_broker_and_relay import submit
from tests.support.polling import wait_for

CONSENT = contract_for("intake", "contributor-consent-changed", 1)


def change_consents(heard, partner, contributors: list[str], round_: int) -> None:
    """One consent change for each contributor (one event each, keyed by contributor)."""
    for contributor_id in contributors:
        changed = heard.intake.client.patch(f"/v1/contributors/{contributor_id}", headers=partner.headers, json={
            "consent": {"quote_anonymously": round_ % 2 == 0}, "consent_method": "verbal"})
        assert changed.status_code == 200, changed.json


@pytest.mark.skipif(not FULL, reason="in `make faults` only (the reduced form is rows 1, 3, 4, 11-13)")
@pytest.mark.timeout(900)  # a fresh group reads the shared broker's backlog first
def test_row05_consumer_group_grows_and_shrinks_under_load(make_heard):
    load, people = scaled(300, 60), scaled(30, 6)
    heard = make_heard()
    heard.start_all()
    partner = heard.intake.new_partner()
    contributors = [heard.intake.new_contributor(partner)["contributor_id"] for _ in range(people)]
    ids = submit(heard, partner, load // 3)
    change_consents(heard, partner, contributors, 1)
    heard.add_member("decisions")
    heard.add_member("decisions")
    ids += submit(heard, partner, load // 3)
    change_consents(heard, partner, contributors, 2)
    # the new members have joined once some of the middle third arrived while three were in
    wait_for(lambda: len(effects(heard, ids)["decisions"]) > load // 3, timeout=90,
             message="decisions consuming with three members")
    change_consents(heard, partner, contributors, 3)
    heard.remove_members("decisions")
    ids += submit(heard, partner, load - len(ids))
    change_consents(heard, partner, contributors, 4)

    wait_for(lambda: all_arrived(heard, ids), timeout=180, message="every input in every service")
    changes = [e for e in heard.intake.outbox(CONSENT.topic) if e["key"] in set(contributors)]
    change_ids = [e["value"]["event_id"] for e in changes]
    wait_for(lambda: len(processed(heard, "decisions", change_ids)) == len(change_ids), timeout=120,
             message="every consent change handled")
    assert all(code == 0 for name, code in heard.exits if name == "decisions")
    verdict = check(Verdict("5", heard.kind, f"{load} submissions, {len(changes)} consent changes",
                            f"decisions group 1 -> 3 -> 1; per-key order of {people} keys"), heard, ids, heard.sink)
    wrong = out_of_order(heard, "decisions", CONSENT.topic, contributors)
    verdict.counts["keys_out_of_order"] = len(wrong)
    if wrong:
        verdict.problems.append(f"decisions: {len(wrong)} keys handled out of order")
    assert verdict.passed, verdict.problems
