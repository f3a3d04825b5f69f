"""A contributor unsubscribed with the link in one of notify's emails (notify.contributor-
unsubscribed): their consent to hear about outcomes is withdrawn, recorded in the consent history
with the method "unsubscribe link", and announced as any other consent change."""
from __future__ import annotations

from datetime import datetime

from services.intake.domain import contributors as domain
from services.intake.service_layer import events
from services.intake.service_layer.unit_of_work import UnitOfWork


def record_unsubscribe(uow: UnitOfWork, contributor_id: str, partner_id: str, at: datetime) -> bool:
    """True when consent changed; an unknown, erased or already withdrawn contributor is left as
    is (a second press of the link, or a record erased meanwhile). Committed by the inbox."""
    contributor = uow.contributors.get(contributor_id)
    if (contributor is None or contributor.partner_id != partner_id or contributor.erased
            or not contributor.contact_about_outcomes):
        return False
    # never before the record's last change: notify keeps the newest contact version by this time
    result = domain.change(contributor, {"contact_about_outcomes": False,
                                         "consent_method": domain.UNSUBSCRIBE_LINK},
                           max(at, contributor.updated_at))
    updated = result.contributor
    uow.contributors.save(updated)
    uow.contributors.record_consent(contributor_id, updated.consent_record())
    uow.publish(events.CONTACTS, events.contributor_contact(updated))
    uow.publish(events.CONSENT_CHANGED, events.consent_changed(updated))
    return True
