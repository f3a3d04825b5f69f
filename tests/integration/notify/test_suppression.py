"""Nobody is emailed without consent, without an address, or after unsubscribing; each is
recorded with its reason and announced on the suppressed topic."""
from __future__ import annotations

from services.common.db.types import utcnow
from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.service_layer.directory import unsubscribe
from tests.integration.notify import events as ev
from tests.integration.notify import support as s


def test_suppressed_for_no_consent_no_email_unknown_contact_and_unsubscribed(stack):
    k = stack.bootstrap
    partner_id = ev.partner(k, ev.address("partner"))
    told_mail, refused_mail, gone_mail = ev.address("told"), ev.address("refused"), ev.address("gone")
    told = ev.contributor(k, partner_id, told_mail)
    refused = ev.contributor(k, partner_id, refused_mail, consent=False)
    no_address = ev.contributor(k, partner_id, None)
    unknown = ev.new_id()  # intake never sent a contact for them
    unsubscribed = ev.contributor(k, partner_id, gone_mail.upper())  # case does not matter
    tokens = UnsubscribeTokens.for_settings(stack.runtime.settings.mail)
    with stack.runtime.uow_factory() as uow:
        unsubscribe(uow, tokens.address_hash(gone_mail), utcnow(), tokens.address_hash)
    s.wait_known(stack.runtime, [partner_id, told, refused, no_address, unsubscribed])

    decision_id = ev.new_id()
    people = [told, refused, no_address, unknown, unsubscribed]
    ev.outcome_published(k, decision_id, ev.new_id(), [
        ev.link(ev.new_id(), person, partner_id, "adopted", "We did it.") for person in people])

    found = {r.contributor_id: r for r in s.wait_statuses(stack.runtime, decision_id, 5)}
    assert (found[told].status, found[told].reason) == ("sent", None)
    assert {person: (found[person].status, found[person].reason) for person in people[1:]} == {
        refused: ("suppressed", "no_consent"), no_address: ("suppressed", "no_email"),
        unknown: ("suppressed", "no_email"), unsubscribed: ("suppressed", "unsubscribed")}
    assert all(found[person].attempts == 0 and found[person].sent_at is None for person in people[1:])

    suppressed = s.wait_events(k, "notification-suppressed", decision_id, 4)
    assert {e["payload"]["contributor_id"]: e["payload"]["reason"] for e in suppressed} == {
        refused: "no_consent", no_address: "no_email", unknown: "no_email",
        unsubscribed: "unsubscribed"}
    assert len(s.mail_to(stack.sink, told_mail)) == 1
    assert s.mail_to(stack.sink, refused_mail) == [] and s.mail_to(stack.sink, gone_mail.upper()) == []
