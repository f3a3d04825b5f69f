"""Partner outcomes (what digests list) and digests in SQL."""
from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime

from sqlalchemy import Connection, insert, select

from services.notify.adapters.orm import digests, partner_outcomes
from services.notify.adapters.repositories import DigestRepository, PartnerOutcomeRepository
from services.notify.domain.digests import PartnerOutcome
from services.notify.domain.notifications import QUEUED

_OUTCOME_COLUMNS = [f.name for f in fields(PartnerOutcome)]


class SqlPartnerOutcomeRepository(PartnerOutcomeRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, outcome: PartnerOutcome) -> None:
        t = partner_outcomes
        exists = self.connection.execute(select(t.c.partner_id).where(
            t.c.partner_id == outcome.partner_id, t.c.decision_id == outcome.decision_id)).first()
        if exists is None:
            self.connection.execute(insert(t).values(**asdict(outcome)))

    def in_window(self, partner_id: str, start: datetime, end: datetime) -> list[PartnerOutcome]:
        t = partner_outcomes
        rows = self.connection.execute(select(t).where(
            t.c.partner_id == partner_id, t.c.published_at >= start, t.c.published_at < end)
            .order_by(t.c.published_at, t.c.decision_id)).mappings()
        return [PartnerOutcome(**{name: row[name] for name in _OUTCOME_COLUMNS}) for row in rows]


class SqlDigestRepository(DigestRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def add_if_new(self, digest_id: str, partner_id: str, day: date, now: datetime) -> bool:
        exists = self.connection.execute(select(digests.c.digest_id).where(
            digests.c.partner_id == partner_id, digests.c.digest_date == day)).first()
        if exists is not None:
            return False
        self.connection.execute(insert(digests).values(
            digest_id=digest_id, partner_id=partner_id, digest_date=day, status=QUEUED,
            attempts=0, created_at=now, next_attempt_at=now))
        return True

    def get(self, digest_id: str) -> tuple[str, date] | None:
        row = self.connection.execute(select(digests.c.partner_id, digests.c.digest_date).where(
            digests.c.digest_id == digest_id)).first()
        return None if row is None else (row.partner_id, row.digest_date)
