"""Outcome emails: one published decision citing N inputs of N consenting contributors, through
notify's real worker (consumer, delivery loop, SMTP mailer) to the aiosmtpd sink, against raw
smtplib sending N messages of the same size over one connection to a sink of the same kind.

Notify's directory (contacts and input summaries) is filled through its own service layer
first; the clock starts when the outcome-published event is produced to Kafka and stops when
the sink has stored N messages, once the worker's consumer holds its partitions (a running
worker, as in service). Decisions' API and relay (milliseconds) are not included. On both sides
the clock stops when N files are in the sink's folder: reading them back with the `email`
package (SmtpSink.wait_for_messages) took ~2.5 s for 1,000 here, which was no part of either.
"""
from __future__ import annotations

import json
import os
import smtplib
import time
import uuid
from pathlib import Path

from kafka import KafkaProducer

from benchmarks.processes import smtp_sink
from benchmarks.table import Row
from services.common.contracts.envelope import new_envelope
from services.common.contracts.registry import contract_for
from services.common.db.types import utcnow
from services.common.devstack.smtp_sink import SmtpSink
from services.common.settings import PROJECT_ROOT
from tests.support.polling import wait_for
from tests.support.services import make_runtime

EXAMPLES = PROJECT_ROOT / "services/common/contracts/examples"
PUBLISHED = contract_for("decisions", "outcome-published", 1)


def _example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())["payload"]


def _seed(runtime, count: int, partner_id: str) -> list[dict]:
    from services.notify.service_layer.directory import apply_contact, record_input

    contact, submitted, links = _example("intake.contacts.v1"), _example("intake.input-submitted.v1"), []
    link = _example("decisions.outcome-published.v1")["links"][0]
    now = utcnow()
    with runtime.uow_factory() as uow:
        for n in range(count):
            contributor_id, input_id = str(uuid.uuid4()), str(uuid.uuid4())
            apply_contact(uow, {**contact, "contact_id": contributor_id, "partner_id": partner_id,
                                "email": f"person{n}@example.org", "preferred_name": f"Person {n}",
                                # every outcome at once: a digest chooser's email waits for the hour
                                "email_frequency": "each_update", "updated_at": now})
            record_input(uow, {**submitted, "input_id": input_id, "partner_id": partner_id,
                               "contributor_id": contributor_id, "submitted_at": now})
            links.append({**link, "contributor_id": contributor_id, "input_id": input_id,
                          "partner_id": partner_id})
        uow.commit()
    return links


def _heard(folder: Path, bootstrap: str, count: int, **env: str) -> float:
    """Seconds from producing the event to the sink holding `count` messages; `env`: notify's
    settings to change (HEARD_SMTP_CONNECTIONS to compare senders)."""
    sink = SmtpSink(folder / "mail-heard")  # only reads the folder; the server runs apart
    with smtp_sink(sink.maildir, folder) as port:
        return _heard_with(sink, port, folder, bootstrap, count, **env)


def _heard_with(sink: SmtpSink, port: int, folder: Path, bootstrap: str, count: int,
                **env: str) -> float:
    from services.notify.entrypoints.worker import build

    url = f"sqlite:///{folder / 'notify-bench.db'}"
    runtime = make_runtime("notify", url, bootstrap, HEARD_SMTP_PORT=str(port), **env)
    links = _seed(runtime, count, str(uuid.uuid4()))
    payload = {**_example("decisions.outcome-published.v1"), "decision_id": str(uuid.uuid4()),
               "links": links}
    PUBLISHED.load(payload)  # the example is already in wire form; prove it is still valid
    envelope = new_envelope(PUBLISHED.event_type, PUBLISHED.version, "decisions", payload)
    worker = build(runtime)
    worker.start()
    producer = KafkaProducer(bootstrap_servers=bootstrap)
    try:
        # a running worker, as when a board publishes: its consumer holds its partitions (a fresh
        # group's join took up to 9 s here under load, which is no part of sending email)
        wait_for(lambda: worker.consumer.state.snapshot()["assigned_partitions"] > 0, timeout=120)
        started = time.perf_counter()
        producer.send(PUBLISHED.topic, key=payload["decision_id"].encode(),
                      value=json.dumps(envelope.to_wire()).encode(),
                      headers=[("event_id", envelope.event_id.encode())]).get(timeout=60)
        _wait_stored(sink, count)
        return time.perf_counter() - started
    finally:
        producer.close()
        worker.stop.set()
        worker.join(timeout=30)
        runtime.engine.dispose()


def _raw(folder: Path, count: int, size: int) -> float:
    sink = SmtpSink(folder / "mail-raw")
    body = ("x" * 70 + "\r\n") * max(1, size // 72)
    with smtp_sink(sink.maildir, folder) as port:
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            for n in range(count):
                message = (f"From: Heard <heard@example.org>\r\nTo: person{n}@example.org\r\n"
                           f"Subject: What happened to what you told us\r\n"
                           f"Message-ID: <raw-{n}@example.org>\r\n\r\n{body}")
                smtp.sendmail("heard@example.org", [f"person{n}@example.org"], message)
        _wait_stored(sink, count)
        return time.perf_counter() - started


def _wait_stored(sink: SmtpSink, count: int, timeout: float = 600) -> None:
    """Until the sink has stored `count` messages (its files are renamed into place whole).
    Counted with scandir, not sorted paths: this process also runs Heard's worker."""
    deadline = time.monotonic() + timeout
    while (stored := _stored(sink.maildir)) < count:
        if time.monotonic() >= deadline:
            raise TimeoutError(f"the sink stored {stored} of {count} messages")
        time.sleep(0.02)  # a poll, bounded by the deadline: at most 20 ms on the clock


def _stored(folder: Path) -> int:
    with os.scandir(folder) as entries:
        return sum(1 for entry in entries if entry.name.endswith(".eml"))


def measure(folder: Path, bootstrap: str, *, count: int) -> list[Row]:
    heard_seconds = _heard(folder, bootstrap, count)
    heard_sink = SmtpSink(folder / "mail-heard")
    heard_sink.wait_for_messages(count)  # every one a message the `email` package can read
    sizes = [p.stat().st_size for p in heard_sink.message_paths()[:20]]
    raw_seconds = _raw(folder, count, int(sum(sizes) / len(sizes)))
    return [Row(f"email: 1 decision citing {count:,} contributors, SQLite, vs raw smtplib",
                count / heard_seconds, count / raw_seconds, unit="msg/s", target_ratio=0.50,
                seconds=heard_seconds, max_seconds=10 if count >= 1000 else None,
                extra={"raw_seconds": raw_seconds, "message_bytes": sizes[:1]})]
