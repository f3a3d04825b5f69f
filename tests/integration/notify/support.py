"""Looking into notify in tests: its runtime on a real database, the SMTP sink, its rows and
its events on the topics. Used by notify's integration and end-to-end tests."""
from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from services.common.contracts import contract_for
from services.common.devstack.smtp_sink import SmtpSink
from services.notify.adapters.orm import contacts, input_summaries, notifications
from tests.support.kafka import read_topic
from tests.support.polling import wait_for
from tests.support.services import make_runtime

FAST_DELIVERY = {"HEARD_NOTIFY_RETRY_BASE_SECONDS": "0.2", "HEARD_NOTIFY_RETRY_CAP_SECONDS": "1",
                 "HEARD_SMTP_TIMEOUT": "1", "HEARD_NOTIFY_URL": "http://notify.test",
                 # links that leave this machine need secrets of their own (config.py refuses the default)
                 "HEARD_UNSUBSCRIBE_SECRET": "notify-test-signing-secret",
                 "HEARD_UNSUBSCRIBE_LIST_KEY": "notify-test-unsubscribe-list-key"}


def notify_runtime(database_url: str, bootstrap: str, sink: SmtpSink, **extra: str):
    return make_runtime("notify", database_url, bootstrap, HEARD_SMTP_PORT=str(sink.port),
                        **FAST_DELIVERY, **extra)


@contextlib.contextmanager
def smtp_sink(maildir: Path) -> Iterator[SmtpSink]:
    sink = SmtpSink(maildir)
    sink.start()
    try:
        yield sink
    finally:
        sink.stop()


def wait_known(runtime, contact_ids=(), input_ids=(), timeout: float = 60) -> None:
    """The consumer reads topics in no fixed order across topics: wait for what a test relies on."""
    def known():
        with runtime.engine.connect() as conn:
            have_contacts = {r[0] for r in conn.execute(
                select(contacts.c.contact_id).where(contacts.c.contact_id.in_(list(contact_ids))))}
            have_inputs = {r[0] for r in conn.execute(select(input_summaries.c.input_id).where(
                input_summaries.c.input_id.in_(list(input_ids))))}
        return have_contacts == set(contact_ids) and have_inputs == set(input_ids)
    wait_for(known, timeout=timeout, message="contacts and inputs consumed")


def rows(runtime, decision_id: str) -> list:
    with runtime.engine.connect() as conn:
        return conn.execute(select(notifications).where(notifications.c.decision_id == decision_id)
                            .order_by(notifications.c.contributor_id)).all()


def wait_statuses(runtime, decision_id: str, expected: int, statuses=("sent", "failed", "suppressed"),
                  timeout: float = 60) -> list:
    def settled():
        found = rows(runtime, decision_id)
        return found if len(found) == expected and all(r.status in statuses for r in found) else None
    try:
        return wait_for(settled, timeout=timeout, message=f"{expected} notifications in {statuses}")
    except AssertionError as exc:
        # which rows are there, and in what state, says where the flow stopped
        found = sorted((r.contributor_id[:8], r.trigger, r.status) for r in rows(runtime, decision_id))
        raise AssertionError(f"{exc}; rows (contributor, trigger, status): {found}") from None


def mail_to(sink: SmtpSink, to: str) -> list[EmailMessage]:
    return [m for m in sink.messages() if m["X-Envelope-To"] == to]


def events_for(bootstrap: str, event_type: str, decision_id: str) -> list[dict]:
    topic = contract_for("notify", event_type, 1).topic
    values = [json.loads(r.value) for r in read_topic(bootstrap, topic)]
    return [v for v in values if v["payload"]["decision_id"] == decision_id]


def raw_values(bootstrap: str, event_type: str) -> list[bytes]:
    return [r.value for r in read_topic(bootstrap, contract_for("notify", event_type, 1).topic)]


def wait_events(bootstrap: str, event_type: str, decision_id: str, count: int,
                timeout: float = 30) -> list[dict]:
    """The relay publishes after the commit: wait until `count` events are on the topic."""
    def enough():
        found = events_for(bootstrap, event_type, decision_id)
        return found if len(found) >= count else None
    return wait_for(enough, timeout=timeout, interval=0.2, message=f"{count} {event_type} events")
