"""Recording one notification per contributor per decision event, with fakes."""
from __future__ import annotations

from services.notify.service_layer.outcomes import record_notifications
from tests.unit.notify.events import NOW, PARTNER, link, new_id, progress, published, revised
from tests.unit.notify.fakes import FakeUnitOfWork, contact


def hash_of(address: str) -> str:
    return f"hash:{address.lower()}"


def test_one_notification_per_contributor_listing_all_their_inputs_and_none_for_anonymous():
    uow, sam, ali = FakeUnitOfWork(), new_id(), new_id()
    uow.contacts.save(contact(sam))
    uow.contacts.save(contact(ali, email="ali@example.org"))
    links = [link(sam), link(sam, "not_adopted", "Not now, because of cost."), link(ali), link(None)]
    created = record_notifications(uow, "outcome-published", published(new_id(), links), hash_of, NOW)
    assert sorted(n.contributor_id for n in created) == sorted([sam, ali])
    by_person = {n.contributor_id: n for n in created}
    assert len(by_person[sam].input_ids) == 2 and len(by_person[ali].input_ids) == 1
    assert by_person[sam].content["links"][1]["explanation"] == "Not now, because of cost."
    assert all(n.status == "queued" and n.next_attempt_at == NOW for n in created)
    assert uow.published == []  # queued ones are announced when sent, failed or suppressed


def test_suppression_reasons_are_recorded_and_announced():
    uow = FakeUnitOfWork()
    refused, no_email, unknown, gone = new_id(), new_id(), new_id(), new_id()
    uow.contacts.save(contact(refused, consent=False))
    uow.contacts.save(contact(no_email, email=None))
    uow.contacts.save(contact(gone, email="Gone@Example.org"))
    uow.unsubscribes.add(hash_of("gone@example.org"), NOW)
    decision_id = new_id()
    created = record_notifications(uow, "outcome-published", published(
        decision_id, [link(p) for p in (refused, no_email, unknown, gone)]), hash_of, NOW)
    assert {n.contributor_id: (n.status, n.reason) for n in created} == {
        refused: ("suppressed", "no_consent"), no_email: ("suppressed", "no_email"),
        unknown: ("suppressed", "no_email"), gone: ("suppressed", "unsubscribed")}
    events = uow.events("notification-suppressed")
    assert {str(e["contributor_id"]): e["reason"] for e in events} == {
        refused: "no_consent", no_email: "no_email", unknown: "no_email", gone: "unsubscribed"}
    assert all(str(e["decision_id"]) == decision_id and e["trigger_ref"] == "revision-1" for e in events)


def test_the_same_decision_event_again_creates_nothing_but_each_new_event_does():
    uow, sam, decision_id = FakeUnitOfWork(), new_id(), new_id()
    uow.contacts.save(contact(sam))
    links = [link(sam)]
    assert len(record_notifications(uow, "outcome-published", published(decision_id, links), hash_of, NOW)) == 1
    assert record_notifications(uow, "outcome-published", published(decision_id, links), hash_of, NOW) == []
    entry = new_id()
    for event_type, payload in (("outcome-revised", revised(decision_id, links)),
                                ("progress-updated", progress(decision_id, links, entry))):
        [created] = record_notifications(uow, event_type, payload, hash_of, NOW)
    refs = sorted(row["trigger_ref"] for row in uow.notifications.rows.values())
    assert refs == sorted(["revision-1", "revision-2", f"progress-{entry}"])


def test_published_outcomes_are_kept_per_partner_for_digests():
    uow, other_partner = FakeUnitOfWork(), new_id()
    decision_id = new_id()
    record_notifications(uow, "outcome-published", published(decision_id, [
        link(None), link(None), link(None, partner_id=other_partner)]), hash_of, NOW)
    counts = {p: o.input_count for (p, _), o in uow.partner_outcomes.rows.items()}
    assert counts == {PARTNER: 2, other_partner: 1}
    record_notifications(uow, "outcome-revised", revised(decision_id, [link(None)]), hash_of, NOW)
    assert len(uow.partner_outcomes.rows) == 2  # digests list publications, not revisions


def test_a_revision_that_only_corrects_wording_emails_nobody_but_one_that_changes_links_does():
    uow, sam = FakeUnitOfWork(), new_id()
    uow.contacts.save(contact(sam))
    decision_id, links = new_id(), [link(sam)]
    wording_only = {**revised(decision_id, links, revision=2), "corrected": ["title"]}
    assert record_notifications(uow, "outcome-revised", wording_only, hash_of, NOW) == []
    both = {**revised(decision_id, links, revision=3, changed=[links[0]["input_id"]]), "corrected": ["title"]}
    [told] = record_notifications(uow, "outcome-revised", both, hash_of, NOW)
    assert told.contributor_id == sam and told.trigger_ref == "revision-3"
