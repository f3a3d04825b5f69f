"""Use cases for partner organisations. `scope` is the partner a caller is limited to (None:
an admin, who sees every partner)."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

from services.common.db.types import utcnow
from services.intake.domain.partners import Partner
from services.intake.service_layer import events
from services.intake.service_layer.errors import Invalid, NotFound
from services.intake.service_layer.unit_of_work import UnitOfWork


def register_partner(uow: UnitOfWork, *, name: str, contact_email: str, daily_digest: bool = False,
                     now: datetime | None = None) -> Partner:
    now = now or utcnow()
    partner = Partner(partner_id=str(uuid.uuid4()), name=name, contact_email=contact_email,
                      daily_digest=daily_digest, created_at=now, updated_at=now)
    uow.partners.add(partner)
    uow.publish(events.PARTNER_REGISTERED, events.partner_registered(partner))
    uow.publish(events.CONTACTS, events.partner_contact(partner))
    uow.commit()
    return partner


def get_partner(uow: UnitOfWork, partner_id: str, scope: str | None) -> Partner:
    partner = uow.partners.get(partner_id)
    if partner is None or scope not in (None, partner.partner_id):
        raise NotFound("partner")
    return partner


def list_partners(uow: UnitOfWork, scope: str | None, after: tuple[datetime, str] | None, limit: int,
                  name: str | None = None) -> list[Partner]:
    """Every partner for an admin (scope None); a partner's own key sees itself."""
    return uow.partners.list(after, limit, name=name, partner_id=scope)


def count_partners(uow: UnitOfWork, scope: str | None, name: str | None = None) -> int:
    """How many partners list_partners gives over every page."""
    return uow.partners.count(name=name, partner_id=scope)


def update_partner(uow: UnitOfWork, partner_id: str, scope: str | None, changes: dict[str, Any],
                   now: datetime | None = None) -> Partner:
    """`changes` may hold contact_email and daily_digest (notify learns of them by the contact),
    and, from an admin (scope None), name: decisions learns a new name from the partner topic."""
    partner = get_partner(uow, partner_id, scope)
    if scope is not None and changes.get("name", partner.name) != partner.name:
        raise Invalid({"name": ["Only an admin can change a partner's name."]},
                      "Only an admin can change a partner's name.")
    updated = replace(partner, **changes)
    if updated == partner:
        return partner
    updated = replace(updated, updated_at=now or utcnow())
    uow.partners.save(updated)
    if updated.name != partner.name:
        uow.publish(events.PARTNER_REGISTERED, events.partner_registered(updated, renamed=True))
    uow.publish(events.CONTACTS, events.partner_contact(updated))
    uow.commit()
    return updated
