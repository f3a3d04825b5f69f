"""Who commits: a use case, through its unit of work; plumbing that adds its own row after the use
case (the inbox, stored Idempotency-Key responses) defers that commit so all is one transaction."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from services.common.contracts import contract_for
from services.common.db.types import utcnow
from services.common.db.unit_of_work import SqlUnitOfWork
from tests.unit.common.test_relay import outbox_db  # noqa: F401 - the fixture, by name

PARTNERS = contract_for("intake", "partner-registered", 1)


def a_use_case(uow) -> None:
    uow.publish(PARTNERS, {"partner_id": uuid.uuid4(), "name": "Org", "registered_at": utcnow()})
    uow.commit()


def outbox_rows(engine, metadata) -> int:
    with engine.connect() as connection:
        return len(connection.execute(select(metadata.tables["outbox"])).all())


def test_a_deferred_commit_joins_the_callers_row_or_neither_is_kept(outbox_db):  # noqa: F811 - the fixture
    engine, metadata = outbox_db
    with pytest.raises(RuntimeError), SqlUnitOfWork(engine, metadata, "intake") as uow:
        with uow.commit_deferred():
            a_use_case(uow)
        raise RuntimeError("the plumbing failed before its own row was written")
    assert outbox_rows(engine, metadata) == 0

    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        with uow.commit_deferred():
            a_use_case(uow)
        uow.mark_processed("event-1", "some.topic.v1")
        uow.commit()
    assert outbox_rows(engine, metadata) == 1


def test_outside_a_deferral_the_use_cases_commit_is_final(outbox_db):  # noqa: F811 - the fixture
    engine, metadata = outbox_db
    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        a_use_case(uow)
    assert outbox_rows(engine, metadata) == 1
