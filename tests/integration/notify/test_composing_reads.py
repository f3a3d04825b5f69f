"""Composing a claimed batch: a few reads for the whole batch, none of them holding up a writer."""
from __future__ import annotations

import json
import threading
import uuid

import pytest
from sqlalchemy import event, select, update

from services.common.cli import catalogue
from services.common.contracts.registry import contract_for
from services.common.db import migrations
from services.common.db.types import utcnow
from services.common.settings import PROJECT_ROOT
from services.notify.adapters.orm import contacts
from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.bootstrap import read_uow_factory
from services.notify.service_layer.directory import apply_contact, record_input
from services.notify.service_layer.mail_jobs import NotificationMail
from services.notify.service_layer.outcomes import record_notifications

EXAMPLES = PROJECT_ROOT / "services/common/contracts/examples"
PUBLISHED = contract_for("decisions", "outcome-published", 1)


def _example(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())["payload"]


class StubComposer:
    def outcome_mail(self, notification, contact, partner, summaries):
        return (notification.notification_id, contact.contact_id, sorted(summaries.values()))


@pytest.fixture
def runtime(database_url):
    # no broker: nothing here is consumed or relayed
    settings = catalogue.load_settings("notify", {"HEARD_NOTIFY_DATABASE_URL": database_url,
                                                  "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9"})
    migrations.upgrade(catalogue.migrations_dir("notify"), database_url)
    runtime = catalogue.bootstrap("notify", settings)
    yield runtime
    runtime.engine.dispose()


def _queue(runtime, count: int) -> tuple[list[str], list[str]]:
    """`count` contributors of one partner, each cited once: (notification ids, contributor ids)."""
    partner_id, now, links, people = str(uuid.uuid4()), utcnow(), [], []
    contact, submitted = _example("intake.contacts.v1"), _example("intake.input-submitted.v1")
    link = _example("decisions.outcome-published.v1")["links"][0]
    with runtime.uow_factory() as uow:
        for n in range(count):
            person, input_id = str(uuid.uuid4()), str(uuid.uuid4())
            apply_contact(uow, {**contact, "contact_id": person, "partner_id": partner_id,
                                "email": f"person{n}@example.org", "email_frequency": "each_update",
                                "updated_at": now})
            record_input(uow, {**submitted, "input_id": input_id, "partner_id": partner_id,
                               "contributor_id": person, "summary": f"summary {n}",
                               "submitted_at": now})
            links.append({**link, "contributor_id": person, "input_id": input_id,
                          "partner_id": partner_id})
            people.append(person)
        payload = PUBLISHED.load({**_example("decisions.outcome-published.v1"),
                                  "decision_id": str(uuid.uuid4()), "links": links})
        created = record_notifications(uow, "outcome-published", payload, lambda a: f"h:{a}", now)
        uow.commit()
    by_person = {n.contributor_id: n.notification_id for n in created}
    return [by_person[p] for p in people], people


def test_a_batch_is_composed_from_a_few_reads_for_all_of_it(runtime):
    ids, people = _queue(runtime, 20)
    tokens = UnsubscribeTokens.for_settings(runtime.settings.mail)
    with runtime.uow_factory() as uow:
        uow.unsubscribes.add(tokens.address_hash("person3@example.org"), utcnow())
        uow.contacts.delete(people[5])
        uow.commit()
    job = NotificationMail(StubComposer(), tokens.address_hash)
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(runtime.engine, "before_cursor_execute", count)
    try:
        with read_uow_factory(runtime)() as uow:
            compose = job.composing(uow, ids)
            composed = [compose(i) for i in ids]
    finally:
        event.remove(runtime.engine, "before_cursor_execute", count)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # notifications, contributors, partners, unsubscribes, summaries: not five per email
    assert len(selects) <= 5, selects
    assert composed[3] == "unsubscribed" and composed[5] == "erased"
    for n, result in enumerate(composed):
        if n not in (3, 5):
            assert result == (ids[n], people[n], [f"summary {n}"])


def test_composing_reads_neither_wait_for_nor_hold_up_a_writer(runtime):
    ids, people = _queue(runtime, 2)
    writer_committed = threading.Event()

    def write() -> None:
        with runtime.uow_factory() as uow:
            uow.connection.execute(update(contacts).where(contacts.c.contact_id == people[0])
                                   .values(preferred_name="Changed"))
            uow.commit()
        writer_committed.set()

    with read_uow_factory(runtime)() as uow:
        assert uow.notifications.get(ids[0]) is not None  # the read transaction has begun
        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        # a write transaction beginning behind a writer would wait here for the read to end
        assert writer_committed.wait(timeout=20)
    writer.join(timeout=20)
    with runtime.uow_factory() as uow:
        assert uow.connection.execute(select(contacts.c.preferred_name).where(
            contacts.c.contact_id == people[0])).scalar_one() == "Changed"
