"""Notification records in SQL."""
from __future__ import annotations

from dataclasses import asdict, fields

from sqlalchemy import Connection, and_, bindparam, func, insert, or_, select, update

from services.notify.adapters.orm import notifications
from services.notify.adapters.repositories import NotificationQuery, NotificationRepository
from services.notify.adapters.sql_directory import chunks
from services.notify.domain.final_outcome import ends_implementation
from services.notify.domain.notifications import HELD, QUEUED, SENDING, SUPPRESSED, Notification

_COLUMNS = [f.name for f in fields(Notification)]
_INSERT = insert(notifications)
# built once, given parameters: a SELECT built per call (twice per email sent) showed in the profile
_GET = select(notifications).where(notifications.c.notification_id == bindparam("notification_id"))
_GET_MANY = select(notifications).where(
    notifications.c.notification_id.in_(bindparam("notification_ids", expanding=True)))


class SqlNotificationRepository(NotificationRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, notification: Notification) -> None:
        self.add_many([notification])

    def add_many(self, added: list[Notification]) -> None:
        if added:  # one statement for all (executemany), built once
            self.connection.execute(_INSERT, [asdict(notification) for notification in added])

    def existing(self, notification_ids: list[str]) -> set[str]:
        column = notifications.c.notification_id
        return {found for chunk in chunks(notification_ids)
                for found in self.connection.execute(select(column).where(column.in_(chunk))).scalars()}

    def get(self, notification_id: str) -> Notification | None:
        row = self.connection.execute(_GET, {"notification_id": notification_id}).mappings().first()
        return None if row is None else notification_from_row(row)

    def get_many(self, notification_ids: list[str]) -> dict[str, Notification]:
        found = {}
        for chunk in chunks(notification_ids):
            rows = self.connection.execute(_GET_MANY, {"notification_ids": chunk}).mappings()
            found.update({row["notification_id"]: notification_from_row(row) for row in rows})
        return found

    def queued_for(self, contributor_id: str) -> list[Notification]:
        t = notifications
        rows = self.connection.execute(select(t).where(
            t.c.contributor_id == contributor_id, t.c.status.in_((QUEUED, HELD)))
            .order_by(t.c.notification_id)).mappings()
        return [notification_from_row(row) for row in rows]

    def implementation_ended(self, decision_id: str) -> bool:
        t = notifications
        # one row per progress entry: every contributor's copy says the same of the decision
        firsts = select(func.min(t.c.notification_id)).where(
            t.c.decision_id == decision_id, t.c.trigger == "progress").group_by(t.c.trigger_ref)
        contents = self.connection.execute(select(t.c.content).where(t.c.notification_id.in_(firsts))).scalars()
        return any(ends_implementation("progress", content.get("status")) for content in contents)

    def suppress_queued(self, notification_id: str, reason: str) -> bool:
        t = notifications
        done = self.connection.execute(update(t).where(
            t.c.notification_id == notification_id, t.c.status.in_((QUEUED, HELD)))
            .values(status=SUPPRESSED, reason=reason, next_attempt_at=None))
        return done.rowcount == 1

    def page(self, query: NotificationQuery) -> list[Notification]:
        t = notifications
        conditions = _matching(query)
        if query.after is not None:
            created_at, notification_id = query.after
            conditions.append(or_(t.c.created_at > created_at, and_(
                t.c.created_at == created_at, t.c.notification_id > notification_id)))
        rows = self.connection.execute(select(t).where(*conditions)
                                       .order_by(t.c.created_at, t.c.notification_id)
                                       .limit(query.limit)).mappings()
        return [notification_from_row(row) for row in rows]

    def count(self, query: NotificationQuery) -> int:
        return self.connection.execute(select(func.count()).select_from(notifications)
                                       .where(*_matching(query))).scalar_one()


def _matching(query: NotificationQuery) -> list:
    """The WHERE conditions of a notification list's filters (the position `after` aside)."""
    t = notifications
    conditions = []
    if query.board_id is not None:
        conditions.append(t.c.board_id == query.board_id)
    if query.decision_id is not None:
        conditions.append(t.c.decision_id == query.decision_id)
    if query.status == QUEUED:
        conditions.append(t.c.status.in_((QUEUED, SENDING)))
    elif query.status is not None:
        conditions.append(t.c.status == query.status)
    return conditions


def notification_from_row(row) -> Notification:
    return Notification(**{name: row[name] for name in _COLUMNS})
