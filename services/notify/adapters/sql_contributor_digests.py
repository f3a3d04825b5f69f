"""Contributors' daily digests in SQL: the digest rows, and the held notifications they carry."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, and_, bindparam, insert, select, update

from services.notify.adapters.orm import contacts, contributor_digests, notifications
from services.notify.domain.contacts import DAILY_DIGEST
from services.notify.adapters.repositories import ContributorDigestRepository
from services.notify.adapters.sql_notifications import notification_from_row
from services.notify.domain.notifications import HELD, QUEUED, SENT, Notification

# built once, given parameters: asked after every email sent (does it carry held ones?)
_CARRIED = (select(notifications)
            .where(notifications.c.digest_id == bindparam("digest_id"), notifications.c.status == HELD)
            .order_by(notifications.c.created_at, notifications.c.notification_id))


class SqlContributorDigestRepository(ContributorDigestRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def waiting(self, before: datetime) -> list[tuple[str, str]]:
        t, c = notifications, contacts
        # held for a final-only contributor waits for its decision's end, not for a digest
        rows = self.connection.execute(
            select(t.c.contributor_id, t.c.partner_id)
            .join(c, and_(c.c.contact_id == t.c.contributor_id, c.c.kind == "contributor"))
            .where(t.c.status == HELD, t.c.digest_id.is_(None), t.c.created_at < before,
                   c.c.email_frequency == DAILY_DIGEST)
            .group_by(t.c.contributor_id, t.c.partner_id).order_by(t.c.contributor_id))
        return [(row.contributor_id, row.partner_id) for row in rows]

    def add_if_new(self, digest_id: str, contributor_id: str, partner_id: str, day: date,
                   now: datetime) -> bool:
        t = contributor_digests
        exists = self.connection.execute(select(t.c.digest_id).where(
            t.c.contributor_id == contributor_id, t.c.digest_date == day)).first()
        if exists is not None:
            return False
        self.connection.execute(insert(t).values(
            digest_id=digest_id, contributor_id=contributor_id, partner_id=partner_id,
            digest_date=day, status=QUEUED, attempts=0, created_at=now, next_attempt_at=now))
        return True

    def gather(self, digest_id: str, contributor_id: str, before: datetime) -> int:
        t = notifications
        return self.connection.execute(update(t).where(
            t.c.contributor_id == contributor_id, t.c.status == HELD, t.c.digest_id.is_(None),
            t.c.created_at < before).values(digest_id=digest_id)).rowcount

    def get(self, digest_id: str) -> tuple[str, date] | None:
        t = contributor_digests
        row = self.connection.execute(select(t.c.contributor_id, t.c.digest_date).where(
            t.c.digest_id == digest_id)).first()
        return None if row is None else (row.contributor_id, row.digest_date)

    def carried(self, digest_id: str) -> list[Notification]:
        rows = self.connection.execute(_CARRIED, {"digest_id": digest_id}).mappings()
        return [notification_from_row(row) for row in rows]

    def settle(self, digest_id: str, status: str, now: datetime, reason: str | None) -> list[Notification]:
        carried = self.carried(digest_id)
        if carried:
            t = notifications
            values = {"status": status, "reason": reason, "last_attempt_at": now,
                      "sent_at": now if status == SENT else None}
            self.connection.execute(update(t).where(
                t.c.notification_id.in_([n.notification_id for n in carried]),
                t.c.status == HELD).values(**values))
        return carried

    def release(self, contributor_id: str, now: datetime) -> int:
        t = notifications
        return self.connection.execute(update(t).where(
            t.c.contributor_id == contributor_id, t.c.status == HELD, t.c.digest_id.is_(None))
            .values(status=QUEUED, next_attempt_at=now)).rowcount

    def carry(self, carrier_id: str, contributor_id: str, decision_id: str) -> int:
        t = notifications
        return self.connection.execute(update(t).where(
            t.c.contributor_id == contributor_id, t.c.decision_id == decision_id, t.c.status == HELD,
            t.c.digest_id.is_(None)).values(digest_id=carrier_id)).rowcount
