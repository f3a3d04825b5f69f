"""Planning digests once a day after the digest hour: one per partner that asked, and one per
contributor who chose a daily digest and has news held for it."""
from __future__ import annotations

from datetime import date, datetime

from services.notify.domain.digests import contributor_digest_id, digest_id, due_window, window_for
from services.notify.domain.partner_digest import PartnerDigest
from services.notify.service_layer.unit_of_work import UnitOfWork


def partner_digest(uow: UnitOfWork, partner_id: str, day: date, digest_hour: int) -> PartnerDigest:
    """What the partner's digest of `day` says: its window's outcomes, revisions and progress,
    new relay-list items, and answers and questions (each window starts where the day before
    ended, so nothing is counted twice or missed between two digests)."""
    window = window_for(day, digest_hour)
    news = uow.partner_outcomes
    answers, questions = news.answer_counts(partner_id, window.start, window.end)
    return PartnerDigest(day, news.in_window(partner_id, window.start, window.end),
                         news.updates_in_window(partner_id, window.start, window.end),
                         news.relays_in_window(partner_id, window.start, window.end), answers, questions)


def plan_digests(uow: UnitOfWork, now: datetime, digest_hour: int) -> list[str]:
    """Queue today's digest for each partner that wants one and has news in its window.
    The key (partner, day) makes a second call the same day a no-op. Returns new digest ids."""
    window = due_window(now, digest_hour)
    if window is None:
        return []
    planned = []
    for partner in uow.contacts.digest_partners():
        if not partner_digest(uow, partner.partner_id, window.day, digest_hour).has_news:
            continue  # nothing for this partner: no email
        new_id = digest_id(partner.partner_id, window.day)
        if uow.digests.add_if_new(new_id, partner.partner_id, window.day, now):
            planned.append(new_id)
    uow.commit()
    return planned


def plan_contributor_digests(uow: UnitOfWork, now: datetime, digest_hour: int) -> list[str]:
    """Queue today's digest for each contributor with notifications held since before the
    digest hour, and put those notifications in it. News held later waits for tomorrow's.
    Once per contributor and day. Returns new digest ids."""
    window = due_window(now, digest_hour)
    if window is None:
        return []
    planned = []
    for contributor_id, partner_id in uow.contributor_digests.waiting(window.end):
        new_id = contributor_digest_id(contributor_id, window.day)
        if uow.contributor_digests.add_if_new(new_id, contributor_id, partner_id, window.day, now):
            uow.contributor_digests.gather(new_id, contributor_id, window.end)
            planned.append(new_id)
    uow.commit()
    return planned
