"""The relay list in SQL: a partner's outcomes that nobody has told the contributor yet and that
no email can carry, oldest publication first. Mirrors domain.relays.relay_reason."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, case, or_, select, tuple_

from services.intake.adapters.orm import contributors, inputs, outcomes
from services.intake.domain.outcomes import FAILED
from services.intake.domain.relays import EMAIL_FAILED, NO_EMAIL
from services.intake.domain.status import WITHDRAWN

ORDER = (outcomes.c.published_at, outcomes.c.decision_id, outcomes.c.input_id)


class SqlRelayList:
    def __init__(self, connection: Connection):
        self.connection = connection

    def due(self, partner_id: str, after: tuple[datetime, str, str] | None, limit: int) -> list[dict]:
        """Up to `limit` outcomes to relay, strictly after `after` in the list's order."""
        reason = case((contributors.c.email.is_(None), NO_EMAIL), else_=EMAIL_FAILED).label("reason")
        query = (select(outcomes, inputs.c.contributor_id, inputs.c.summary,
                        contributors.c.preferred_name, reason)
                 .join(inputs, inputs.c.input_id == outcomes.c.input_id)
                 .join(contributors, contributors.c.contributor_id == inputs.c.contributor_id)
                 .where(inputs.c.partner_id == partner_id, inputs.c.status != WITHDRAWN,
                        outcomes.c.cited.is_(True), outcomes.c.published_at.is_not(None),
                        outcomes.c.told_at.is_(None), contributors.c.erased_at.is_(None),
                        contributors.c.contact_about_outcomes.is_(True),
                        or_(contributors.c.email.is_(None),
                            outcomes.c.notification_status == FAILED))
                 .order_by(*ORDER).limit(limit))
        if after is not None:
            query = query.where(tuple_(*ORDER) > tuple(after))
        return [dict(row) for row in self.connection.execute(query).mappings()]


