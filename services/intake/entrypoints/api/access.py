"""Who the caller may act for: a partner key sees its own partner's records, an admin sees all."""
from __future__ import annotations

from services.common.web.auth import current_principal


def partner_scope() -> str | None:
    """The partner the caller is limited to; None for an admin."""
    principal = current_principal()
    return None if principal.role == "admin" else principal.partner_id


def calling_partner() -> str:
    """For partner-only operations: the caller's own partner id."""
    return current_principal().partner_id
