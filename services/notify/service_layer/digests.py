"""Planning partner digests: once a day after the digest hour, one per partner that asked."""
from __future__ import annotations

from datetime import datetime

from services.notify.domain.digests import digest_id, due_window
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
