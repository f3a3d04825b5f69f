"""The events intake publishes, and their payloads. Only `contact_*` carry contact details, and
they go only to the compacted contacts topic."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from services.common.contracts.registry import contract_for
from services.intake.domain.contributors import Contributor
from services.intake.domain.inputs import Input
from services.intake.domain.partners import Partner

CONTACTS = contract_for("intake", "contacts", 1)
CONSENT_CHANGED = contract_for("intake", "contributor-consent-changed", 1)
INPUT_SUBMITTED = contract_for("intake", "input-submitted", 1)
INPUT_WITHDRAWN = contract_for("intake", "input-withdrawn", 1)
PARTNER_REGISTERED = contract_for("intake", "partner-registered", 1)


def contributor_contact(contributor: Contributor) -> dict[str, Any]:
    return {"contact_id": contributor.contributor_id, "kind": "contributor",
            "partner_id": contributor.partner_id, "email": contributor.email,
            "preferred_name": contributor.preferred_name,
            "contact_about_outcomes": contributor.contact_about_outcomes, "daily_digest": False,
            "language": contributor.language, "accessible_format": contributor.accessible_format,
            "email_frequency": contributor.email_frequency, "updated_at": contributor.updated_at}


def partner_contact(partner: Partner) -> dict[str, Any]:
    return {"contact_id": partner.partner_id, "kind": "partner", "partner_id": partner.partner_id,
            "email": partner.contact_email, "preferred_name": partner.name,
            "contact_about_outcomes": True, "daily_digest": partner.daily_digest,
            "language": "en", "accessible_format": "standard", "updated_at": partner.updated_at}


def partner_registered(partner: Partner, *, renamed: bool = False) -> dict[str, Any]:
    """The partner as it is now. A rename says when (updated_at): a consumer keeps the newest."""
    payload: dict[str, Any] = {"partner_id": partner.partner_id, "name": partner.name,
                               "registered_at": partner.created_at}
    if renamed:
        payload["updated_at"] = partner.updated_at
    return payload


def consent_changed(contributor: Contributor) -> dict[str, Any]:
    return {"contributor_id": contributor.contributor_id, "partner_id": contributor.partner_id,
            "contact_about_outcomes": contributor.contact_about_outcomes,
            "quote_anonymously": contributor.quote_anonymously,
            "changed_at": contributor.updated_at,
            # for the board workspace's counts: whether an address is held, never the address
            "has_email": bool(contributor.email), "accessible_format": contributor.accessible_format,
            "email_frequency": contributor.email_frequency}


def input_submitted(input_: Input, quote_anonymously: bool) -> dict[str, Any]:
    return {"input_id": input_.input_id, "partner_id": input_.partner_id,
            "contributor_id": input_.contributor_id, "programme": input_.programme,
            "topics": list(input_.topics), "summary": input_.summary, "body": input_.body,
            "engagement_method": input_.engagement_method,
            "participation_level": input_.participation_level,
            "shared_decision_stage": input_.shared_decision_stage,
            "gathered_on": input_.gathered_on, "submitted_at": input_.submitted_at,
            "quote_anonymously": quote_anonymously}


def input_withdrawn(input_: Input, withdrawn_at: datetime) -> dict[str, Any]:
    return {"input_id": input_.input_id, "partner_id": input_.partner_id,
            "withdrawn_at": withdrawn_at}
