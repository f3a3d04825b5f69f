"""A tombstone on the contact topic erases the contact and every stored copy of the address."""
from __future__ import annotations

from sqlalchemy import String, Text, select

from services.common.db.types import utcnow
from services.notify.adapters.orm import metadata
from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.service_layer.directory import unsubscribe
from tests.integration.notify import events as ev
from tests.integration.notify import support as s
from tests.support.polling import wait_for


def test_tombstone_removes_the_contact_and_every_copy_of_the_address(stack):
    k, runtime = stack.bootstrap, stack.runtime
    old_mail, new_mail, name = ev.address("old"), ev.address("new"), "Rowan Erasable"
    partner_id = ev.partner(k, ev.address("partner"))
    person = ev.contributor(k, partner_id, old_mail, name=name)
    s.wait_known(runtime, [partner_id, person])
    first = ev.new_id()
    ev.outcome_published(k, first, ev.new_id(), [ev.link(ev.new_id(), person, partner_id, "adopted", "Done.")])
    s.wait_statuses(runtime, first, 1)
    assert len(s.mail_to(stack.sink, old_mail)) == 1
    tokens = UnsubscribeTokens.for_settings(runtime.settings.mail)
    with runtime.uow_factory() as uow:  # the old address unsubscribes: kept as a keyed hash only
        unsubscribe(uow, tokens.address_hash(old_mail), utcnow(), tokens.address_hash)
    assert _tables_containing(runtime, old_mail) == {"contacts"}

    ev.publish(k, "intake", "contacts", {  # then they give a new address
        "contact_id": person, "kind": "contributor", "partner_id": partner_id, "email": new_mail,
        "preferred_name": name, "contact_about_outcomes": True, "daily_digest": False,
        "language": "en", "accessible_format": "standard", "updated_at": utcnow()})
    wait_for(lambda: _tables_containing(runtime, new_mail) == {"contacts"}, message="new address")
    stack.sink.stop()  # so the next email is still waiting when the erasure arrives
    waiting = ev.new_id()
    ev.outcome_published(k, waiting, ev.new_id(), [ev.link(ev.new_id(), person, partner_id, "noted", "Heard.")])
    wait_for(lambda: [r for r in s.rows(runtime, waiting) if r.status == "queued" and r.attempts >= 1],
             message="an email waiting for the mail server")

    ev.tombstone(k, person)
    [row] = s.wait_statuses(runtime, waiting, 1, statuses=("suppressed",))
    assert row.reason == "erased"
    for needle in (old_mail, new_mail, name):
        assert _tables_containing(runtime, needle) == set(), needle
    [event] = s.wait_events(k, "notification-suppressed", waiting, 1)
    assert event["payload"]["reason"] == "erased"


def _tables_containing(runtime, needle: str) -> set[str]:
    """Every table with a text column holding `needle` (case-insensitive), in notify's database."""
    found = set()
    with runtime.engine.connect() as conn:
        for table in metadata.sorted_tables:
            text_columns = [c for c in table.columns if isinstance(c.type, (String, Text))
                            or c.name == "content"]
            for row in conn.execute(select(*text_columns)):
                if any(needle.lower() in str(value).lower() for value in row if value is not None):
                    found.add(table.name)
    return found
