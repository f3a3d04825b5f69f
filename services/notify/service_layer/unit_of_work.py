"""Notify's unit of work: one transaction over notify's tables, outbox and inbox."""
from __future__ import annotations

from services.common.db.unit_of_work import SqlUnitOfWork
from services.notify.adapters.orm import digests, notifications
from services.notify.adapters.sql_answers import SqlAnswerRepository
from services.notify.adapters.sql_digests import SqlDigestRepository, SqlPartnerOutcomeRepository
from services.notify.adapters.sql_directory import (
    SqlContactRepository, SqlInputSummaryRepository, SqlUnsubscribeRepository,
)
from services.notify.adapters.sql_mail_queue import SqlMailQueue
from services.notify.adapters.sql_notifications import SqlNotificationRepository


class NotifyUnitOfWork(SqlUnitOfWork):
    """Handlers change state through the repositories and `publish`; the caller commits."""

    def __enter__(self):
        super().__enter__()
        self.contacts = SqlContactRepository(self.connection)
        self.inputs = SqlInputSummaryRepository(self.connection)
        self.unsubscribes = SqlUnsubscribeRepository(self.connection)
        self.notifications = SqlNotificationRepository(self.connection)
        self.partner_outcomes = SqlPartnerOutcomeRepository(self.connection)
        self.digests = SqlDigestRepository(self.connection)
        self.answers = SqlAnswerRepository(self.connection)
        self.queues = {
            "notification": SqlMailQueue(self.connection, notifications, "notification_id"),
            "digest": SqlMailQueue(self.connection, digests, "digest_id"),
        }
        return self
