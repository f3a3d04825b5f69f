"""Use cases for contributors, always on behalf of the partner that holds their record."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from services.common.db.types import utcnow
from services.intake.adapters.repositories import ContributorQuery
from services.intake.domain import contributors as domain
from services.intake.domain.contributors import Contributor, PartnerRefTaken
from services.intake.service_layer import events
from services.intake.service_layer.errors import Conflict, NotFound
from services.intake.service_layer.unit_of_work import UnitOfWork


def create_contributor(uow: UnitOfWork, partner_id: str, *, email: str | None, preferred_name: str | None,
                       contact_about_outcomes: bool, quote_anonymously: bool, consent_method: str,
                       language: str = "en", accessible_format: str = "standard",
                       email_frequency: str = domain.EACH_UPDATE, partner_ref: str | None = None,
                       now: datetime | None = None) -> Contributor:
    now = now or utcnow()
    contributor = Contributor(
        contributor_id=str(uuid.uuid4()), partner_id=partner_id, email=email,
        preferred_name=preferred_name, contact_about_outcomes=contact_about_outcomes,
        quote_anonymously=quote_anonymously, consent_method=consent_method, language=language,
        accessible_format=accessible_format, email_frequency=email_frequency, created_at=now, updated_at=now,
        partner_ref=partner_ref)
    with _unique_reference():
        uow.contributors.add(contributor)
    uow.contributors.record_consent(contributor.contributor_id, contributor.consent_record())
    uow.publish(events.CONTACTS, events.contributor_contact(contributor))
    uow.publish(events.CONSENT_CHANGED, events.consent_changed(contributor))
    uow.commit()
    return get_contributor(uow, partner_id, contributor.contributor_id)


def get_contributor(uow: UnitOfWork, partner_id: str, contributor_id: str) -> Contributor:
    contributor = uow.contributors.get(contributor_id)
    if contributor is None or contributor.partner_id != partner_id:
        raise NotFound("contributor", "contributor_id")
    return contributor


def list_contributors(uow: UnitOfWork, scope: str | None, after: tuple[datetime, str] | None, limit: int,
                      query: ContributorQuery) -> list[Contributor]:
    """A partner's own contributors (scope: its id); an admin (scope None) sees every partner's,
    or one partner's with `query.partner_id`. Another partner's are never there for a partner."""
    scoped = _scoped(scope, query)
    return [] if scoped is None else uow.contributors.list(scoped, after, limit)


def count_contributors(uow: UnitOfWork, scope: str | None, query: ContributorQuery) -> int:
    scoped = _scoped(scope, query)
    return 0 if scoped is None else uow.contributors.count(scoped)


def _scoped(scope: str | None, query: ContributorQuery) -> ContributorQuery | None:
    if scope is None:
        return query
    return None if query.partner_id not in (None, scope) else replace(query, partner_id=scope)


@contextmanager
def _unique_reference() -> Iterator[None]:
    try:
        yield
    except PartnerRefTaken:
        # the value is the partner's own data: it is not repeated in the answer or any log
        raise Conflict("Another of this partner's contributors already has this partner_ref.",
                       "partner_ref") from None


def update_contributor(uow: UnitOfWork, partner_id: str, contributor_id: str, changes: dict[str, Any],
                       now: datetime | None = None) -> Contributor:
    """`changes`: contact fields, consent flags and consent_method, each only if given."""
    contributor = get_contributor(uow, partner_id, contributor_id)
    try:
        result = domain.change(contributor, changes, now or utcnow())
    except domain.ContributorErased:
        raise Conflict("This contributor was erased and can no longer be changed.",
                       "contributor_id") from None
    updated = result.contributor
    if updated is contributor:
        return contributor
    with _unique_reference():
        uow.contributors.save(updated)
    if result.consent_recorded:
        uow.contributors.record_consent(contributor_id, updated.consent_record())
    if result.contact_changed or result.flags_changed:
        uow.publish(events.CONTACTS, events.contributor_contact(updated))
    # the board workspace counts who has an address, in which format and how often they hear
    reachability_changed = (bool(contributor.email) != bool(updated.email)
                            or contributor.accessible_format != updated.accessible_format
                            or contributor.email_frequency != updated.email_frequency)
    if result.flags_changed or reachability_changed:
        uow.publish(events.CONSENT_CHANGED, events.consent_changed(updated))
    uow.commit()
    return get_contributor(uow, partner_id, contributor_id)


def erase_contributor(uow: UnitOfWork, partner_id: str | None, contributor_id: str,
                      now: datetime | None = None) -> Contributor:
    """Erase contact details here and on the contacts topic; keep the id, consent history and input.

    `partner_id` None is an admin erasing on the person's behalf (they may ask Heard directly).
    The tombstone also empties every copy of the contact still held in the outbox.
    """
    contributor = uow.contributors.get(contributor_id)
    if contributor is None or partner_id not in (None, contributor.partner_id):
        raise NotFound("contributor", "contributor_id")
    if contributor.erased:
        return contributor
    erased = domain.erase(contributor, now or utcnow())
    uow.contributors.save(erased)
    uow.contributors.record_consent(contributor_id, erased.consent_record())
    uow.publish_tombstone(events.CONTACTS, contributor_id)
    uow.publish(events.CONSENT_CHANGED, events.consent_changed(erased))
    uow.commit()
    return erased
