"""The send schedule in SQL, for any table with the delivery columns (see orm.delivery_columns)."""
from __future__ import annotations

import functools
from datetime import datetime

from sqlalchemy import Connection, Table, bindparam, select, update

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
        return self._update_ours(claim, {"handover_at": now})

    def finish(self, claim: Claim, status: str, now: datetime, *, reason: str | None = None,
               next_attempt_at: datetime | None = None, attempted: bool = True) -> int | None:
        attempts = claim.attempts + (1 if attempted else 0)
        values = {"status": status, "reason": reason, "next_attempt_at": next_attempt_at,
                  "attempts": attempts, "claimed_at": None, "handover_at": None}
        if attempted:
            values["last_attempt_at"] = now
        if status == SENT:
            values["sent_at"] = now
        return attempts if self._update_ours(claim, values) else None

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

    def _update_ours(self, claim: Claim, values: dict) -> bool:
        """Sets `values` on the claimed row only while the claim is still this one."""
        statement = _update_claimed(self.table, self.id.name, tuple(values))
        done = self.connection.execute(statement, {
            "claimed_row_id": claim.row_id, "claimed_claimed_at": claim.claimed_at,
            **{f"new_{name}": value for name, value in values.items()}})
        return done.rowcount == 1


@functools.cache
def _update_claimed(table: Table, id_column: str, columns: tuple[str, ...]):
    # built once per table and set of columns, given parameters: building an UPDATE per email
    # (~0.5 ms each for the stamp and the finish) showed in the delivery profile
    return (update(table)
            .where(table.c[id_column] == bindparam("claimed_row_id"), table.c.status == SENDING,
                   table.c.claimed_at == bindparam("claimed_claimed_at"))
            .values({name: bindparam(f"new_{name}") for name in columns}))
