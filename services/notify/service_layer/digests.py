"""Planning digests once a day after the digest hour: one per partner that asked, and one per
contributor who chose a daily digest and has news held for it."""
from __future__ import annotations

from datetime import datetime

from services.notify.domain.digests import contributor_digest_id, digest_id, due_window
from services.notify.service_layer.unit_of_work import UnitOfWork


def plan_digests(uow: UnitOfWork, now: datetime, digest_hour: int) -> list[str]:
    """Queue today's digest for each partner that wants one and has outcomes in its window.
    The key (partner, day) makes a second call the same day a no-op. Returns new digest ids."""
    window = due_window(now, digest_hour)
    if window is None:
        return []
    planned = []
    for partner in uow.contacts.digest_partners():
        if not uow.partner_outcomes.in_window(partner.partner_id, window.start, window.end):
            continue  # nothing published for this partner's input: no email
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
