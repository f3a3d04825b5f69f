"""Partner outcomes (what digests list) and digests in SQL."""
from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime

from sqlalchemy import Connection, and_, func, insert, or_, select

from services.notify.adapters.orm import digests, notifications, outcome_answers, partner_outcomes, partner_updates
from services.notify.adapters.repositories import DigestRepository, PartnerOutcomeRepository
from services.notify.domain.contacts import NO_EMAIL
from services.notify.domain.digests import PartnerOutcome
from services.notify.domain.notifications import FAILED, QUEUED, SUPPRESSED
from services.notify.domain.partner_digest import PartnerUpdate, RelayItem, relay_items

_OUTCOME_COLUMNS = [f.name for f in fields(PartnerOutcome)]
_UPDATE_COLUMNS = [f.name for f in fields(PartnerUpdate)]


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

    def add_update(self, update: PartnerUpdate) -> None:
        t = partner_updates
        exists = self.connection.execute(select(t.c.partner_id).where(
            t.c.partner_id == update.partner_id, t.c.decision_id == update.decision_id,
            t.c.trigger_ref == update.trigger_ref)).first()
        if exists is None:
            self.connection.execute(insert(t).values(**asdict(update)))

    def updates_in_window(self, partner_id: str, start: datetime, end: datetime) -> list[PartnerUpdate]:
        t = partner_updates
        rows = self.connection.execute(select(t).where(
            t.c.partner_id == partner_id, t.c.occurred_at >= start, t.c.occurred_at < end)
            .order_by(t.c.occurred_at, t.c.decision_id, t.c.trigger_ref)).mappings()
        return [PartnerUpdate(**{name: row[name] for name in _UPDATE_COLUMNS}) for row in rows]

    def relays_in_window(self, partner_id: str, start: datetime, end: datetime) -> list[RelayItem]:
        t = notifications
        settled_at = func.coalesce(t.c.last_attempt_at, t.c.created_at)
        rows = self.connection.execute(select(
            t.c.decision_id, t.c.trigger, t.c.trigger_ref, t.c.status, t.c.content, t.c.created_at)
            .where(t.c.partner_id == partner_id,
                   or_(and_(t.c.status == SUPPRESSED, t.c.reason == NO_EMAIL), t.c.status == FAILED),
                   settled_at >= start, settled_at < end)).mappings()
        return relay_items([{**row, "title": row["content"]["title"], "public_url": row["content"]["public_url"],
                             "occurred_at": row["created_at"]} for row in rows])

    def answer_counts(self, partner_id: str, start: datetime, end: datetime) -> tuple[int, int]:
        a, t = outcome_answers, notifications
        # an answer is about a decision someone was told of; the partner is on those notifications
        theirs = select(t.c.contributor_id, t.c.decision_id).where(t.c.partner_id == partner_id).distinct().subquery()
        row = self.connection.execute(select(
            func.count(), func.count(a.c.comment)).select_from(a.join(theirs, and_(
                theirs.c.contributor_id == a.c.contributor_id, theirs.c.decision_id == a.c.decision_id)))
            .where(a.c.answered_at >= start, a.c.answered_at < end)).one()
        return int(row[0]), int(row[1])


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
