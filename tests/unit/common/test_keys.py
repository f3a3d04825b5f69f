"""API key rules: issue, revoke, and applying key events from the topics."""
from __future__ import annotations

import pytest

from services.common.auth.store import apply_key_event, find_principal, issue_key, revoke_key
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
