"""Sending what is queued, one row at a time, with a schedule that survives restarts.

Each send is three short transactions: claim (status "sending"), hand-over (stamped just before
SMTP DATA, and only while the claim is still ours), finish (sent / queued again / failed, with
its event). A claim older than the lease is settled by the sweep:
- without hand-over the message never went: it is queued again (and its slow sender, if alive,
  finds the claim gone at hand-over and does not send);
- with hand-over it may have been delivered: it is recorded as failed, never sent again.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from services.common.db.types import utcnow
from services.notify.adapters.repositories import Claim
from services.notify.domain.mail import (
    DeliveryFailure, Mail, Mailer, TemporaryFailure, UnknownOutcome,
)
from services.notify.domain.notifications import FAILED, QUEUED, SENT, SUPPRESSED
from services.notify.domain.retry import RetryPolicy
from services.notify.service_layer.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)
INTERRUPTED = ("interrupted after the message was handed to the mail server; "
               "it may have been delivered, so it is not sent again")


class ClaimLost(Exception):
    """The sweep settled this claim while its sender was slow: the sender must not send."""


class MailJob(Protocol):
    """One kind of email: how to write it and what to record when it ends."""
    kind: str

    def compose(self, uow: UnitOfWork, row_id: str) -> Mail | str:
        """The email, or the reason not to send it (a suppression reason)."""

    def on_sent(self, uow: UnitOfWork, row_id: str, attempts: int, now: datetime) -> None: ...

    def on_failed(self, uow: UnitOfWork, row_id: str, attempts: int, reason: str, now: datetime) -> None: ...

    def on_suppressed(self, uow: UnitOfWork, row_id: str, reason: str, now: datetime) -> None: ...


def deliver_next(uow_factory: UnitOfWorkFactory, job: MailJob, mailer: Mailer, policy: RetryPolicy,
                 clock: Callable[[], datetime] = utcnow) -> bool:
    """Send the most overdue queued email of this kind; False when none is due."""
    with uow_factory() as uow:
        claim = uow.queues[job.kind].claim_next(clock())
        uow.commit()
    if claim is None:
        return False
    try:
        mail = _compose(uow_factory, job, claim, clock)
        if mail is None:
            return True
        mailer.send(mail, on_handover=lambda: _mark_handover(uow_factory, job, claim, clock()))
    except ClaimLost:
        log.warning("%s %s: claim lost before sending; not sent", job.kind, claim.row_id)
    except DeliveryFailure as failure:
        _record_failure(uow_factory, job, claim, failure, policy, clock())
    else:
        with uow_factory() as uow:
            attempts = uow.queues[job.kind].finish(claim, SENT, clock())
            if attempts is not None:
                job.on_sent(uow, claim.row_id, attempts, clock())
            uow.commit()
    return True


def sweep_stale(uow_factory: UnitOfWorkFactory, job: MailJob, lease: timedelta, policy: RetryPolicy,
                clock: Callable[[], datetime] = utcnow) -> int:
    """Settle claims left by a sender that died (or took longer than any send can).
    An interrupted attempt counts, so a message that kills its sender every time ends failed."""
    now = clock()
    with uow_factory() as uow:
        queue = uow.queues[job.kind]
        stale = queue.stale(now - lease)
        for item in stale:
            attempts = item.claim.attempts + 1
            next_attempt_at = None if item.handed_over else policy.next_attempt_at(attempts, now)
            if next_attempt_at is not None:
                queue.finish(item.claim, QUEUED, now, next_attempt_at=next_attempt_at,
                             reason="interrupted before the message was sent; queued again")
                continue
            reason = INTERRUPTED if item.handed_over else f"gave up after {attempts} interrupted attempts"
            if queue.finish(item.claim, FAILED, now, reason=reason) is not None:
                job.on_failed(uow, item.claim.row_id, attempts, reason, now)
        uow.commit()
    if stale:
        log.warning("settled %d abandoned %s claims", len(stale), job.kind)
    return len(stale)


def _compose(uow_factory: UnitOfWorkFactory, job: MailJob, claim: Claim,
             clock: Callable[[], datetime]) -> Mail | None:
    with uow_factory() as uow:
        try:
            composed = job.compose(uow, claim.row_id)
        except Exception as exc:  # a data or template problem: retry, then fail
            log.exception("could not compose %s %s", job.kind, claim.row_id)
            raise TemporaryFailure(f"could not compose the email: {type(exc).__name__}") from exc
        if isinstance(composed, Mail):
            return composed
        if uow.queues[job.kind].finish(claim, SUPPRESSED, clock(), reason=composed,
                                       attempted=False) is not None:
            job.on_suppressed(uow, claim.row_id, composed, clock())
        uow.commit()
    return None


def _mark_handover(uow_factory: UnitOfWorkFactory, job: MailJob, claim: Claim, now: datetime) -> None:
    with uow_factory() as uow:
        stamped = uow.queues[job.kind].mark_handover(claim, now)
        uow.commit()
    if not stamped:
        raise ClaimLost(claim.row_id)


def _record_failure(uow_factory: UnitOfWorkFactory, job: MailJob, claim: Claim, failure: DeliveryFailure,
                    policy: RetryPolicy, now: datetime) -> None:
    attempts = claim.attempts + 1
    reason = failure.reason
    with uow_factory() as uow:
        queue = uow.queues[job.kind]
        if isinstance(failure, TemporaryFailure):
            next_attempt_at = policy.next_attempt_at(attempts, now)
            if next_attempt_at is not None:
                queue.finish(claim, QUEUED, now, reason=reason, next_attempt_at=next_attempt_at)
                uow.commit()
                log.info("%s %s will be retried (attempt %d): %s", job.kind, claim.row_id,
                         attempts, reason)
                return
            reason = f"gave up after {attempts} attempts; last: {reason}"
        elif isinstance(failure, UnknownOutcome):
            reason = f"{INTERRUPTED} ({reason})"
        if queue.finish(claim, FAILED, now, reason=reason[:500]) is not None:
            job.on_failed(uow, claim.row_id, attempts, reason[:500], now)
        uow.commit()
    log.warning("%s %s failed: %s", job.kind, claim.row_id, reason)
