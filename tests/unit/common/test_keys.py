"""API key rules: issue, revoke, and applying key events from the topics."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.common.auth.keys import Principal
from services.common.auth.lifecycle import record_key_use, rotate_key, use_worth_recording
from services.common.auth.store import apply_key_event, find_principal, issue_key, revoke_key
from services.common.db.types import utcnow
from services.common.errors import Conflict, NotFound
from services.common.db.unit_of_work import SqlUnitOfWork
from tests.unit.common.test_relay import outbox_db  # noqa: F401 - fixture

PARTNER = "6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10"


def test_issued_key_is_found_by_its_secret_and_revocation_hides_it(outbox_db):  # noqa: F811 - the fixture, by name
    engine, metadata = outbox_db
    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        new_key, record = issue_key(uow, role="partner", partner_id=PARTNER, label="t")
        principal = find_principal(uow.connection, metadata.tables["api_keys"], new_key.secret)
        assert (principal.role, principal.partner_id) == ("partner", PARTNER)
        assert find_principal(uow.connection, metadata.tables["api_keys"], new_key.secret + "x") is None
        assert revoke_key(uow, new_key.key_id)["revoked_at"] is not None
        assert find_principal(uow.connection, metadata.tables["api_keys"], new_key.secret) is None
        assert [e.payload["revoked_at"] is None for e in uow.published] == [True, False]


@pytest.mark.parametrize("role,partner,board", [("partner", None, None), ("board", "p", None),
                                                ("admin", "p", None), ("auditor", None, None)])
def test_a_key_belongs_to_exactly_what_its_role_needs(outbox_db, role, partner, board):  # noqa: F811 - the fixture, by name
    engine, metadata = outbox_db
    with SqlUnitOfWork(engine, metadata, "intake") as uow, pytest.raises(ValueError):
        issue_key(uow, role=role, partner_id=partner, board_id=board)


def test_a_late_issue_event_never_clears_a_revocation(outbox_db):  # noqa: F811 - the fixture, by name
    engine, metadata = outbox_db
    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        new_key, issued = issue_key(uow, role="admin", label="t")
        revoke_key(uow, new_key.key_id)
        apply_key_event(uow.connection, metadata.tables["api_keys"], issued, "intake")
        assert find_principal(uow.connection, metadata.tables["api_keys"], new_key.secret) is None


def test_a_key_past_its_expiry_is_refused(outbox_db):  # noqa: F811 - the fixture, by name
    engine, metadata = outbox_db
    ends = utcnow() + timedelta(hours=1)
    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        new_key, record = issue_key(uow, role="admin", label="t", expires_at=ends)
        table = metadata.tables["api_keys"]
        assert find_principal(uow.connection, table, new_key.secret, now=ends - timedelta(seconds=1))
        assert find_principal(uow.connection, table, new_key.secret, now=ends) is None
        assert uow.published[0].payload["expires_at"] == ends.isoformat()


def test_rotation_keeps_the_old_key_for_the_overlap_and_gives_the_owner_a_new_one(outbox_db):  # noqa: F811 - the fixture, by name
    engine, metadata = outbox_db
    now = utcnow()
    table = metadata.tables["api_keys"]
    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        old_key, _ = issue_key(uow, role="partner", partner_id=PARTNER, label="case system")
        new_key, record, old = rotate_key(uow, old_key.key_id, timedelta(hours=2), now=now)
        assert old["expires_at"] == now + timedelta(hours=2)
        assert (record["role"], record["partner_id"], record["label"]) == ("partner", PARTNER, "case system")
        assert find_principal(uow.connection, table, old_key.secret, now=now + timedelta(minutes=119))
        assert find_principal(uow.connection, table, old_key.secret, now=now + timedelta(hours=2)) is None
        assert find_principal(uow.connection, table, new_key.secret, now=now + timedelta(days=365))
        # the old key's new expiry travels too, so every service stops accepting it at the same time
        assert [e.payload["key_id"] for e in uow.published] == [old_key.key_id, old_key.key_id, record["key_id"]]
        assert uow.published[1].payload["expires_at"] == (now + timedelta(hours=2)).isoformat()
        with pytest.raises(NotFound):
            rotate_key(uow, str(uuid.uuid4()), timedelta(hours=1))
        revoke_key(uow, new_key.key_id)
        with pytest.raises(Conflict):
            rotate_key(uow, new_key.key_id, timedelta(hours=1))


def test_an_older_key_event_never_pushes_back_an_expiry(outbox_db):  # noqa: F811 - the fixture, by name
    engine, metadata = outbox_db
    table = metadata.tables["api_keys"]
    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        new_key, issued = issue_key(uow, role="admin", label="t")
        _, _, rotated = rotate_key(uow, new_key.key_id, timedelta(hours=1))
        apply_key_event(uow.connection, table, issued, "intake")  # the issue event, replayed late
        after_overlap = rotated["expires_at"] + timedelta(seconds=1)
        assert find_principal(uow.connection, table, new_key.secret, now=after_overlap) is None


def test_last_use_is_recorded_at_most_once_a_minute(outbox_db):  # noqa: F811 - the fixture, by name
    engine, metadata = outbox_db
    table = metadata.tables["api_keys"]
    now = utcnow()
    with SqlUnitOfWork(engine, metadata, "intake") as uow:
        new_key, _ = issue_key(uow, role="admin", label="t")
        uow.commit()

    def last_used():
        with engine.connect() as conn:
            return conn.execute(select(table.c.last_used_at)).scalar_one()

    def use(at):
        with SqlUnitOfWork(engine, metadata, "intake") as uow:
            record_key_use(uow, find_principal(uow.connection, table, new_key.secret), now=at)

    assert last_used() is None
    use(now)
    assert last_used() == now
    use(now + timedelta(seconds=30))
    assert last_used() == now
    use(now + timedelta(seconds=61))
    assert last_used() == now + timedelta(seconds=61)


def test_a_recent_use_needs_no_transaction_at_all():
    now = utcnow()
    recent = Principal("k", "admin", None, None, last_used_at=now - timedelta(seconds=59))
    assert not use_worth_recording(recent, now)
    assert use_worth_recording(Principal("k", "admin", None, None, last_used_at=now - timedelta(seconds=60)), now)
    assert use_worth_recording(Principal("k", "admin", None, None), now)
