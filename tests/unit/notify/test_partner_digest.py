"""A partner's daily digest: outcomes, revisions and progress of decisions citing its input, what
it must tell people itself (grouped per decision event, in the order they came), and how many
answers and questions came back; planned only when there is something to say. With fakes."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from services.common.emails.renderer import TemplateRenderer
from services.notify.adapters.emails import EmailComposer
from services.notify.domain.digests import digest_id
from services.notify.service_layer.digests import partner_digest, plan_digests
from services.notify.service_layer.outcomes import record_notifications
from tests.unit.notify.events import link, new_id, progress, published, revised
from tests.unit.notify.fakes import FakeUnitOfWork, contact
from tests.unit.notify.test_templates_and_tokens import TOKENS

DAY = datetime(2025, 6, 10, tzinfo=UTC)
HOUR = 17
PARTNER = "6f1c2a9e-3b1d-4e52-9a61-0d8c2b7e4f10"


def digest_uow():
    uow = FakeUnitOfWork()
    uow.contacts.save(contact(PARTNER, kind="partner", partner_id=PARTNER, daily_digest=True,
                              preferred_name="Northtown Mind", email="team@mind.example"))
    return uow


def partner_link(contributor_id, influence="adopted", explanation="Done."):
    return {**link(contributor_id, influence, explanation), "partner_id": PARTNER}


def test_the_digest_gathers_the_days_news_for_the_partner_and_counts_whom_to_tell():
    uow = digest_uow()
    emailed, no_address, failing = new_id(), new_id(), new_id()
    uow.contacts.save(contact(emailed, partner_id=PARTNER))
    uow.contacts.save(contact(no_address, partner_id=PARTNER, email=None))
    cafe, buses = new_id(), new_id()
    at = DAY.replace(hour=9)
    links = [partner_link(emailed), partner_link(no_address), partner_link(failing), partner_link(None)]
    record_notifications(uow, "outcome-published", published(cafe, links, published_at=at), str, at)
    record_notifications(uow, "progress-updated", {**progress(cafe, links), "recorded_at": at + timedelta(hours=1)},
                         str, at + timedelta(hours=1))
    record_notifications(uow, "outcome-revised", {**revised(buses, [partner_link(None)]), "revised_at": at},
                         str, at)
    # "failing" was unknown to notify: suppressed as no email. An email that failed also counts.
    [emailed_row] = [r for r in uow.notifications.rows.values()
                     if r["contributor_id"] == emailed and r["trigger"] == "published"]
    emailed_row.update(status="failed", reason="550 no such user", last_attempt_at=at + timedelta(hours=2))
    uow.partner_outcomes.answers += [(PARTNER, at, None), (PARTNER, at, "When does it open?"),
                                     (new_id(), at, "Not theirs")]

    digest = partner_digest(uow, PARTNER, DAY.date(), HOUR)
    assert [o.title for o in digest.outcomes] == ["Open a crisis café"]
    assert [(u.decision_id, u.trigger) for u in digest.updates] == [(buses, "revised"), (cafe, "progress")]
    assert [(r.decision_id, r.trigger, r.no_email, r.email_failed) for r in digest.relays] == [
        (cafe, "published", 2, 1), (cafe, "progress", 2, 0)], "per decision event, oldest first"
    assert digest.people_to_tell == 5
    assert (digest.answers, digest.questions) == (2, 1)
    assert partner_digest(uow, PARTNER, (DAY + timedelta(days=1)).date(), HOUR).has_news is False


def test_a_digest_is_planned_for_answers_or_relays_alone_and_once_a_day():
    uow = digest_uow()
    assert plan_digests(uow, DAY.replace(hour=17, minute=1), HOUR) == [], "nothing to say: no email"
    uow.partner_outcomes.answers.append((PARTNER, DAY.replace(hour=10), "Thank you"))
    assert plan_digests(uow, DAY.replace(hour=17, minute=2), HOUR) == [digest_id(PARTNER, DAY.date())]
    assert plan_digests(uow, DAY.replace(hour=23), HOUR) == []


@pytest.mark.parametrize("accessible_format, size", [("standard", "font-size: 19px"),
                                                     ("large_print", "font-size: 24px")])
def test_the_digest_email_says_whom_to_tell_and_links_the_relay_list_but_names_nobody(accessible_format, size):
    uow = digest_uow()
    sam = new_id()
    uow.contacts.save(contact(sam, partner_id=PARTNER, email=None, preferred_name="Sam Example"))
    at = DAY.replace(hour=9)
    links = [partner_link(sam, "not_adopted", "The contract runs until 2029.")]
    record_notifications(uow, "outcome-published", published(new_id(), links, published_at=at), str, at)
    record_notifications(uow, "outcome-revised", {**revised(new_id(), links), "revised_at": at}, str, at)
    uow.partner_outcomes.answers += [(PARTNER, at, "When?"), (PARTNER, at, None), (PARTNER, at, None)]
    partner = uow.contacts.get(PARTNER, "partner")
    partner = replace(partner, accessible_format=accessible_format)
    composer = EmailComposer(TemplateRenderer(), TOKENS, "https://notify.example/", "Heard <o@heard.example>",
                             intake_url="https://intake.example/")
    mail = composer.digest_mail(new_id(), partner, partner_digest(uow, PARTNER, DAY.date(), HOUR))
    text = " ".join(mail.text.split())
    assert "2 people want to hear this news but cannot be emailed" in text
    assert "1 person to tell; 1 with no email address" in text
    assert "Why it changed: Hours changed." in text
    assert "3 people told us whether they feel their views were used honestly. 1 of them left a comment" in text
    assert "https://intake.example/relays/print" in text
    assert '<a href="https://intake.example/relays/print">Open your relay list</a>' in mail.html
    assert size in mail.html and '<html lang="en">' in mail.html
    assert "Sam Example" not in mail.text + mail.html and "When?" not in mail.text, "no names, no comments"
