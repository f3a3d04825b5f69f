"""What a partner's digest gathers, read from a real database (SQLite and PostgreSQL): its
window's outcomes, revisions and progress, the relay list's new items per decision event, and the
answers and questions its contributors gave; nothing of another partner's, nothing twice."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.notify.domain.contacts import Contact
from services.notify.service_layer.digests import partner_digest
from services.notify.service_layer.outcomes import record_notifications
from tests.integration.notify.support import FAST_DELIVERY
from tests.support.services import make_runtime

DAY = datetime(2025, 6, 10, tzinfo=UTC)
HOUR = 17


@pytest.fixture
def runtime(database_url):
    runtime = make_runtime("notify", database_url, "127.0.0.1:9", **FAST_DELIVERY)  # no broker needed
    yield runtime
    runtime.engine.dispose()


def new_id() -> str:
    return str(uuid.uuid4())


def person(contact_id: str, partner_id: str, email: str | None) -> Contact:
    return Contact(contact_id, "contributor", partner_id, email, None, True, False, "en", "standard",
                   DAY - timedelta(days=30))


def event(decision_id: str, links: list[dict], **extra) -> dict:
    return {"decision_id": uuid.UUID(decision_id), "board_id": uuid.uuid4(), "board_name": "Board",
            "programme": "Crisis care 2027", "title": "Open a crisis café", "summary": "A café.",
            "rationale": "Asked for.", "decided_on": date(2025, 6, 1),
            "public_url": f"http://decisions.test/decisions/{decision_id}", "links": links, **extra}


def link(partner_id: str, contributor_id: str | None) -> dict:
    return {"input_id": uuid.uuid4(), "partner_id": uuid.UUID(partner_id), "influence": "adopted",
            "explanation": "We did it.",
            "contributor_id": None if contributor_id is None else uuid.UUID(contributor_id)}


def test_the_partner_digest_reads_its_window_from_the_database(runtime):
    partner, other_partner, emailed, no_address, theirs = (new_id() for _ in range(5))
    cafe, other_decision = new_id(), new_id()
    at = DAY.replace(hour=9)
    with runtime.uow_factory() as uow:
        for contact in (person(emailed, partner, "sam@example.org"), person(no_address, partner, None),
                        person(theirs, other_partner, None)):
            uow.contacts.save(contact)
        links = [link(partner, emailed), link(partner, no_address), link(partner, None)]
        published = event(cafe, links, revision=1, published_at=at, no_input_considered=False)
        record_notifications(uow, "outcome-published", published, str, at)
        record_notifications(uow, "outcome-published", published, str, at)  # the same event again
        record_notifications(uow, "progress-updated", event(
            cafe, links, entry_id=uuid.uuid4(), status="delivered", previous_status="in_progress",
            percent=100, note="Open now.", recorded_at=at + timedelta(hours=2)), str, at + timedelta(hours=2))
        record_notifications(uow, "outcome-revised", event(
            cafe, links, revision=2, reason="A typo.", revised_at=DAY.replace(hour=18), changed_input_ids=[]),
            str, DAY.replace(hour=18))  # after the digest hour: tomorrow's
        record_notifications(uow, "outcome-published", event(
            other_decision, [link(other_partner, theirs)], revision=1, published_at=at, no_input_considered=False),
            str, at)
        uow.answers.save(emailed, cafe, "partly", "When does it open at weekends?", at + timedelta(hours=3))
        uow.answers.save(no_address, cafe, "yes", None, at + timedelta(hours=3))
        uow.answers.save(theirs, other_decision, "no", "Not this partner's", at)
        uow.commit()

    with runtime.uow_factory() as uow:
        digest = partner_digest(uow, partner, DAY.date(), HOUR)
        tomorrow = partner_digest(uow, partner, (DAY + timedelta(days=1)).date(), HOUR)
    assert [(o.decision_id, o.input_count) for o in digest.outcomes] == [(cafe, 3)]
    assert [(u.trigger, u.progress_status, u.percent, u.note) for u in digest.updates] == [
        ("progress", "delivered", 100, "Open now.")]
    assert [(r.trigger, r.no_email, r.email_failed) for r in digest.relays] == [
        ("published", 1, 0), ("progress", 1, 0)], "only the one with no address, once per event"
    assert (digest.answers, digest.questions) == (2, 1)
    assert [(u.trigger, u.revision_reason) for u in tomorrow.updates] == [("revised", "A typo.")]
    assert [(r.trigger, r.no_email) for r in tomorrow.relays] == [("revised", 1)]
    assert (tomorrow.outcomes, tomorrow.answers) == ([], 0)
