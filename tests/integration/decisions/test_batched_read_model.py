"""The read model applies a consumer's batch of input-submitted events in one transaction, and a
redelivered batch (or an event twice in one batch) changes nothing: on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import uuid
from collections import namedtuple

from sqlalchemy import func, select

from services.common.contracts import contract_for, new_envelope
from services.common.messaging.consumer import parse_record
from services.common.settings import PROJECT_ROOT
from services.decisions.adapters.orm import input_topics, inputs
from services.decisions.entrypoints.consumers import read_model_handlers
from tests.support.services import make_runtime

SUBMITTED = contract_for("intake", "input-submitted", 1)
EXAMPLE = PROJECT_ROOT / "services/common/contracts/examples/intake.input-submitted.v1.json"
Record = namedtuple("Record", "topic partition offset key value headers")


def records(count: int) -> list[Record]:
    payload = json.loads(EXAMPLE.read_text())["payload"]
    made = []
    for n in range(count):
        input_id = str(uuid.uuid4())
        envelope = new_envelope(SUBMITTED.event_type, 1, "intake",
                                {**payload, "input_id": input_id, "summary": f"Input {n}",
                                 "contributor_id": None if n % 2 else payload["contributor_id"]})
        made.append(Record(SUBMITTED.topic, 0, n, input_id.encode(),
                           json.dumps(envelope.to_wire()).encode(), []))
    return made


def counts(runtime) -> tuple[int, int, int]:
    inbox = runtime.metadata.tables["inbox"]
    with runtime.engine.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar_one()
                     for t in (inputs, input_topics, inbox))


def rows(runtime) -> list:
    with runtime.engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(inputs)))


def test_a_redelivered_batch_changes_nothing(database_url):
    runtime = make_runtime("decisions", database_url, "127.0.0.1:1")
    handler = read_model_handlers(runtime.uow_factory)[SUBMITTED.topic]
    batch = records(20)
    deliveries = [parse_record(r) for r in batch]
    handler.batch(deliveries + deliveries[:3])  # three events twice in one batch
    after_first = counts(runtime), rows(runtime)
    assert after_first[0] == (20, 40, 20)  # each input with its two topics, each event once

    handler.batch(deliveries)  # the whole batch again, as after a crash before the offset commit
    handler.batch(deliveries[5:12])  # and a part of it
    assert (counts(runtime), rows(runtime)) == after_first
    runtime.engine.dispose()


def test_a_batch_gives_the_same_rows_as_one_by_one(database_url, tmp_path):
    batched = make_runtime("decisions", database_url, "127.0.0.1:1")
    single = make_runtime("decisions", f"sqlite:///{tmp_path / 'one-by-one.db'}", "127.0.0.1:1")
    deliveries = [parse_record(r) for r in records(10)]
    read_model_handlers(batched.uow_factory)[SUBMITTED.topic].batch(deliveries)
    one_by_one = read_model_handlers(single.uow_factory)[SUBMITTED.topic]
    for delivery in deliveries:
        one_by_one(delivery)
    assert rows(batched) == rows(single)
    batched.engine.dispose()
    single.engine.dispose()
