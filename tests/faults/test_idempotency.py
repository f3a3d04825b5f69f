"""Fault row 13: many concurrent POSTs with one Idempotency-Key make one input, one event, and
one effect in every service."""
from __future__ import annotations

import collections
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from tests.faults.conftest import scaled
from tests.faults.oracle import Verdict, all_arrived, check
from tests.integration.intake.support import input_body
from tests.support.polling import wait_for


def test_row13_concurrent_posts_with_one_idempotency_key_make_one_input(make_heard):
    requests = scaled(1000, 1000)
    heard = make_heard()
    heard.start_all()
    partner = heard.intake.new_partner()
    app = heard.intake.client.application
    body = input_body(summary="The same request, retried by an impatient client.")
    headers = {**partner.headers, "Idempotency-Key": "retry-storm-1"}

    def post(_):
        response = app.test_client().post("/v1/inputs", json=body, headers=headers)
        return response.status_code, (response.json or {}).get("input_id")

    with ThreadPoolExecutor(max_workers=32) as pool:
        answers = list(pool.map(post, range(requests)))
    statuses = collections.Counter(status for status, _ in answers)
    input_ids = {input_id for status, input_id in answers if status < 300}
    assert set(statuses) <= {200, 201, 409}, statuses  # 409: the first is still in flight
    assert statuses[201] + statuses[200] >= 1 and len(input_ids) == 1, statuses

    inputs = heard.runtimes["intake"].metadata.tables["inputs"]
    with heard.runtimes["intake"].engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(inputs)
                              .where(inputs.c.partner_id == partner.partner_id)).scalar_one()
    assert stored == 1
    ids = sorted(input_ids)
    wait_for(lambda: all_arrived(heard, ids), timeout=90, message="the one input everywhere")
    verdict = check(Verdict("13", heard.kind, f"{requests} concurrent POSTs, 1 key",
                            "one Idempotency-Key on every request"), heard, ids, heard.sink)
    verdict.counts.update({f"http{status}": n for status, n in sorted(statuses.items())})
    assert verdict.passed, verdict.problems
