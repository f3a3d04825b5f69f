"""Partner organisations: they gather input and hold the relationship with contributors."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Partner:
    partner_id: str
    name: str
    contact_email: str
    daily_digest: bool
    created_at: datetime
    updated_at: datetime
