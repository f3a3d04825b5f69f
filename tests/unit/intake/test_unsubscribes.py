"""notify.contributor-unsubscribed in intake, with fakes: the link in an email withdraws consent to
be emailed, in the consent history with the method "unsubscribe link", announced as any change."""
from __future__ import annotations

from datetime import timedelta

from services.intake.service_layer import contributors
from services.intake.service_layer.unsubscribes import record_unsubscribe
from tests.unit.intake.fakes import FakeUnitOfWork
from tests.unit.intake.test_use_cases import NOW, P1, P2, person


def test_the_link_withdraws_email_consent_as_a_recorded_change():
    uow = FakeUnitOfWork()
    sam = person(uow)
    before = len(uow.published)
    assert record_unsubscribe(uow, sam.contributor_id, P1, NOW + timedelta(days=2))
    after = uow.contributors.get(sam.contributor_id)
    assert (after.contact_about_outcomes, after.quote_anonymously) == (False, True)
    assert [(r.consent_method, r.contact_about_outcomes, r.recorded_at) for r in after.consent_history] == [
        ("verbal", True, NOW), ("unsubscribe link", False, NOW + timedelta(days=2))]
    assert uow.topics()[before:] == ["intake.contacts.v1", "intake.contributor-consent-changed.v1"]
    assert uow.events("contacts")[-1]["contact_about_outcomes"] is False
    assert uow.events("contributor-consent-changed")[-1]["contact_about_outcomes"] is False


def test_a_second_press_another_partners_id_or_an_erased_record_change_nothing():
    uow = FakeUnitOfWork()
    sam, kim, gone = person(uow), person(uow), person(uow)
    record_unsubscribe(uow, sam.contributor_id, P1, NOW)
    contributors.erase_contributor(uow, P1, gone.contributor_id, now=NOW)
    published = len(uow.published)
    assert not record_unsubscribe(uow, sam.contributor_id, P1, NOW + timedelta(hours=1))
    assert not record_unsubscribe(uow, kim.contributor_id, P2, NOW)
    assert not record_unsubscribe(uow, gone.contributor_id, P1, NOW)
    assert not record_unsubscribe(uow, "not-a-contributor", P1, NOW)
    assert len(uow.published) == published
    assert uow.contributors.get(kim.contributor_id).contact_about_outcomes is True


def test_the_change_is_never_dated_before_the_records_last_change():
    uow = FakeUnitOfWork()
    sam = person(uow)
    record_unsubscribe(uow, sam.contributor_id, P1, NOW - timedelta(minutes=5))  # clocks differ
    assert uow.contributors.get(sam.contributor_id).updated_at == NOW
