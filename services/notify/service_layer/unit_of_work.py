"""Notify's unit of work: one transaction over notify's tables, outbox and inbox.

`UnitOfWork` is what the use cases may rely on; `NotifyUnitOfWork` is the SQL one, and the fake in
tests/unit/notify/fakes.py satisfies the same protocol (mypy checks both)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, Self

from services.common.db import unit_of_work as common
from services.notify.adapters.orm import contributor_digests, digests, notifications
from services.notify.adapters.repositories import (
    ContactRepository, ContributorDigestRepository, DigestRepository, InputSummaryRepository, MailQueue,
    NotificationRepository, PartnerOutcomeRepository, UnsubscribeRepository,
)
from services.notify.adapters.sql_answers import SqlAnswerRepository
from services.notify.adapters.sql_contributor_digests import SqlContributorDigestRepository
from services.notify.adapters.sql_digests import SqlDigestRepository, SqlPartnerOutcomeRepository
from services.notify.adapters.sql_directory import (
    SqlContactRepository, SqlInputSummaryRepository, SqlUnsubscribeRepository,
)
from services.notify.adapters.sql_mail_queue import SqlMailQueue
from services.notify.adapters.sql_notifications import SqlNotificationRepository


class UnitOfWork(common.UnitOfWork, Protocol):
    # read-only properties, so a unit of work may hold a subclass of each repository
    @property
    def contacts(self) -> ContactRepository: ...
    @property
    def inputs(self) -> InputSummaryRepository: ...
    @property
    def unsubscribes(self) -> UnsubscribeRepository: ...
    @property
    def notifications(self) -> NotificationRepository: ...
    @property
    def partner_outcomes(self) -> PartnerOutcomeRepository: ...
    @property
    def digests(self) -> DigestRepository: ...
    @property
    def contributor_digests(self) -> ContributorDigestRepository: ...
    @property
    def queues(self) -> dict[str, MailQueue]:
        """The mail queues by kind: "notification", "digest" (partners') and
        "contributor_digest"."""


# bootstrap's uow_factory: each call opens a new unit of work (the fakes hand out themselves)
UnitOfWorkFactory = Callable[..., UnitOfWork]


class NotifyUnitOfWork(common.SqlUnitOfWork):
    """Handlers change state through the repositories and `publish`, then commit."""

    contacts: SqlContactRepository
    inputs: SqlInputSummaryRepository
    unsubscribes: SqlUnsubscribeRepository
    notifications: SqlNotificationRepository
    partner_outcomes: SqlPartnerOutcomeRepository
    digests: SqlDigestRepository
    contributor_digests: SqlContributorDigestRepository
    queues: dict[str, MailQueue]

    def __enter__(self) -> Self:
        super().__enter__()
        self.contacts = SqlContactRepository(self.connection)
        self.inputs = SqlInputSummaryRepository(self.connection)
        self.unsubscribes = SqlUnsubscribeRepository(self.connection)
        self.notifications = SqlNotificationRepository(self.connection)
        self.partner_outcomes = SqlPartnerOutcomeRepository(self.connection)
        self.digests = SqlDigestRepository(self.connection)
        self.contributor_digests = SqlContributorDigestRepository(self.connection)
        self.answers = SqlAnswerRepository(self.connection)
        self.queues = {
            "notification": SqlMailQueue(self.connection, notifications, "notification_id"),
            "digest": SqlMailQueue(self.connection, digests, "digest_id"),
            "contributor_digest": SqlMailQueue(self.connection, contributor_digests, "digest_id"),
        }
        return self


class AnswerUnitOfWork(UnitOfWork, Protocol):
    """What the outcome page and answers also need (tested against SQL, not fakes)."""
    @property
    def answers(self) -> SqlAnswerRepository: ...


_satisfies_the_protocol: type[UnitOfWork] = NotifyUnitOfWork
_satisfies_the_answer_protocol: type[AnswerUnitOfWork] = NotifyUnitOfWork
