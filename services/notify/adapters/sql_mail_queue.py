"""The send schedule in SQL, for any table with the delivery columns (see orm.delivery_columns)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Table, select, update

from services.notify.adapters.repositories import Claim, MailQueue, StaleClaim
from services.notify.domain.notifications import FAILED, QUEUED, SENDING, SENT


class SqlMailQueue(MailQueue):
    def __init__(self, connection: Connection, table: Table, id_column: str):
        self.connection = connection
        self.table = table
        self.id = table.c[id_column]

    def claim_next(self, now: datetime) -> Claim | None:
        t = self.table
        row = self.connection.execute(
            select(self.id, t.c.attempts).where(t.c.status == QUEUED, t.c.next_attempt_at <= now)
            .order_by(t.c.next_attempt_at, self.id).limit(1)).first()
        if row is None:
            return None
        # the status condition makes the claim exclusive when several workers race for a row
        taken = self.connection.execute(update(t).where(self.id == row[0], t.c.status == QUEUED)
                                        .values(status=SENDING, claimed_at=now, handover_at=None))
        return Claim(row[0], now, row.attempts) if taken.rowcount == 1 else None

    def claim_batch(self, now: datetime, limit: int) -> list[Claim]:
        t = self.table
        # SKIP LOCKED (PostgreSQL; SQLite's writers take turns anyway): senders working at once
        # each take rows no other is claiming, instead of all racing for the same first rows
        rows = self.connection.execute(
            select(self.id, t.c.attempts).where(t.c.status == QUEUED, t.c.next_attempt_at <= now)
            .order_by(t.c.next_attempt_at, self.id).limit(limit)
            .with_for_update(skip_locked=True)).all()
        if not rows:
            return []
        ids = [row[0] for row in rows]
        # as in claim_next, the status condition keeps a row to one claimer; the rows stamped
        # with this claim's time are the ones this worker took
        self.connection.execute(update(t).where(self.id.in_(ids), t.c.status == QUEUED)
                                .values(status=SENDING, claimed_at=now, handover_at=None))
        taken = {row[0] for row in self.connection.execute(
            select(self.id).where(self.id.in_(ids), t.c.status == SENDING, t.c.claimed_at == now))}
        return [Claim(row[0], now, row.attempts) for row in rows if row[0] in taken]

    def mark_handover(self, claim: Claim, now: datetime) -> bool:
        stamped = self.connection.execute(
            update(self.table).where(*self._ours(claim)).values(handover_at=now))
        return stamped.rowcount == 1

    def finish(self, claim: Claim, status: str, now: datetime, *, reason: str | None = None,
               next_attempt_at: datetime | None = None, attempted: bool = True) -> int | None:
        attempts = claim.attempts + (1 if attempted else 0)
        values = {"status": status, "reason": reason, "next_attempt_at": next_attempt_at,
                  "attempts": attempts, "claimed_at": None, "handover_at": None}
        if attempted:
            values["last_attempt_at"] = now
        if status == SENT:
            values["sent_at"] = now
        done = self.connection.execute(update(self.table).where(*self._ours(claim)).values(**values))
        return attempts if done.rowcount == 1 else None

    def stale(self, claimed_before: datetime) -> list[StaleClaim]:
        t = self.table
        rows = self.connection.execute(
            select(self.id, t.c.claimed_at, t.c.handover_at, t.c.attempts)
            .where(t.c.status == SENDING, t.c.claimed_at < claimed_before).order_by(self.id))
        return [StaleClaim(Claim(row[0], row.claimed_at, row.attempts), row.handover_at is not None)
                for row in rows]

    def failed_with(self, reason_prefix: str) -> list[str]:
        t = self.table
        return list(self.connection.execute(
            select(self.id).where(t.c.status == FAILED, t.c.reason.startswith(reason_prefix, autoescape=True))
            .order_by(t.c.last_attempt_at, self.id)).scalars())

    def settle_failed(self, row_id: str, reason_prefix: str, status: str, now: datetime,
                      reason: str) -> int | None:
        t = self.table
        values = {"status": status, "reason": reason,
                  "next_attempt_at": now if status == QUEUED else None}
        if status == SENT:
            values["sent_at"] = now
        done = self.connection.execute(
            update(t).where(self.id == row_id, t.c.status == FAILED,
                            t.c.reason.startswith(reason_prefix, autoescape=True))
            .values(**values).returning(t.c.attempts)).first()
        return None if done is None else done.attempts

    def _ours(self, claim: Claim):
        t = self.table
        return self.id == claim.row_id, t.c.status == SENDING, t.c.claimed_at == claim.claimed_at
