"""Fault rows 4, 11 and 12: a consumer worker killed around its database commit; events of a
newer minor and an unknown major version; a handler that keeps failing on one event."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

from services.common.settings import PROJECT_ROOT
from tests.faults.oracle import SUBMITTED, Verdict, all_arrived, check, dead_letters, effects, event_ids
from tests.faults.test_broker_and_relay import submit
from tests.support.kafka import produce_raw
from tests.support.polling import wait_for
from tests.faults.conftest import scaled


def test_row04_consumer_killed_before_and_after_its_db_commit(make_heard):
    load = scaled(300, 60)
    heard = make_heard()
    heard.start_worker("intake")
    heard.start_worker("notify")
    partner = heard.intake.new_partner()
    ids = submit(heard, partner, load)
    for point in ("consumer.before_commit", "consumer.after_commit"):
        worker = heard.start_worker("decisions", HEARD_FAULT=point, HEARD_FAULT_AFTER="5")
        wait_for(lambda worker=worker: worker.poll() is not None, timeout=90, message=f"death at {point}")
        assert worker.returncode == 137, heard.log("decisions")
    heard.start_worker("decisions")
    wait_for(lambda: all_arrived(heard, ids), timeout=120, message="every input in every service")
    verdict = check(Verdict("4", heard.kind, f"{load} submissions",
                            "decisions worker killed before, then after DB commit"), heard, ids,
                    heard.sink)
    assert verdict.passed, verdict.problems


def _resend(bootstrap: str, wire: dict, **changes) -> tuple[str, str]:
    """Publish a copy of a real InputSubmitted with new event and input ids; returns both."""
    event = json.loads(json.dumps(wire))
    event["event_id"] = str(uuid.uuid4())
    event["payload"]["input_id"] = str(uuid.uuid4())
    for name, value in changes.items():
        if name == "extra_field":
            event["payload"]["mood"] = value  # what a newer minor version might add
        else:
            event[name] = value
    produce_raw(bootstrap, SUBMITTED.topic, event["payload"]["input_id"].encode(),
                json.dumps(event).encode(), [("event_id", event["event_id"].encode())])
    return event["payload"]["input_id"], event["event_id"]


def test_row11_newer_minor_version_read_unknown_major_dead_lettered(make_heard):
    heard = make_heard()
    partner = heard.intake.new_partner()
    ids = submit(heard, partner, 5)
    heard.start_all()
    wait_for(lambda: all_arrived(heard, ids), timeout=90, message="the submissions")
    wire = heard.intake.outbox(SUBMITTED.topic)[-1]["value"]
    minor_input, _ = _resend(heard.bootstrap, wire, extra_field="hopeful")
    major_input, major_event = _resend(heard.bootstrap, wire, version=2)
    ids += submit(heard, partner, 5)  # after the bad one: the partitions must keep flowing

    wait_for(lambda: all_arrived(heard, ids), timeout=90, message="later submissions")
    readers = ("decisions", "notify")
    wait_for(lambda: all(effects(heard, [minor_input])[s][minor_input] == 1 for s in readers),
             timeout=60, message="the newer minor version to be read")
    parked = wait_for(lambda: dead_letters(heard.bootstrap, SUBMITTED.topic, {major_event}),
                      timeout=60, message="the unknown major version in the DLQ")
    assert "v2" in parked[major_event], parked
    assert all(effects(heard, [major_input])[s][major_input] == 0 for s in readers)
    verdict = check(Verdict("11", heard.kind, "10 submissions + minor + major",
                            "newer minor version; unknown major version"), heard, ids, heard.sink)
    verdict.counts["minor_read"] = 2
    verdict.counts["major_dlq"] = 1
    assert verdict.passed, verdict.problems


def test_row12_failing_handler_parked_after_bounded_retries_then_replayed(make_heard):
    heard = make_heard(HEARD_CONSUMER_MAX_ATTEMPTS="3")
    partner = heard.intake.new_partner()
    ids = submit(heard, partner, 9)
    poison_input = ids[4]
    poison = event_ids(heard, [poison_input])[poison_input]
    heard.start_worker("intake")
    for service in ("decisions", "notify"):
        heard.start_worker(service, HEARD_FAULT_EVENT=poison)
    others = [i for i in ids if i != poison_input]
    wait_for(lambda: all_arrived(heard, others), timeout=90, message="the partition to move on")
    reasons = wait_for(lambda: dead_letters(heard.bootstrap, SUBMITTED.topic, {poison}),
                       timeout=90, message="the failing event parked")
    assert reasons[poison] == "handler failed 3 times: InjectedBug"

    # the operator fixes the bug (restart without the fault) and replays the dead-letter topic
    heard.stop_all()
    heard.start_all()
    replay = subprocess.run(
        [sys.executable, "-m", "services.common.cli.main", "dlq", "replay", SUBMITTED.topic],
        cwd=PROJECT_ROOT, env={**os.environ, "KAFKA_BOOTSTRAP_SERVERS": heard.bootstrap},
        capture_output=True, text=True, timeout=120)
    assert replay.returncode == 0, replay.stderr
    wait_for(lambda: all_arrived(heard, ids), timeout=90, message="the replayed event handled")
    verdict = check(Verdict("12", heard.kind, "9 submissions, 1 poison",
                            "handler fails on one event; DLQ; replay"), heard, ids, heard.sink)
    assert verdict.passed, verdict.problems
