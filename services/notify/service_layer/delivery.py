"""Sending what is queued, in batches, with a schedule that survives restarts.

A batch is claimed in one transaction (status "sending") and composed in one. Each message then
has its hand-over stamped just before SMTP DATA, only while the claim is still ours; the same
transaction finishes the message before it (sent, with its event), so a batch costs about one
transaction per message. Failures are finished at once (queued again / failed, with its event).
A claim older than the lease is settled by the sweep:
- without hand-over the message never went: it is queued again (and its slow sender, if alive,
  finds the claim gone at hand-over and does not send);
- with hand-over it may have been delivered: it is recorded as failed, never sent again.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from services.common.db.types import utcnow
from services.common.faults import fault_point
from services.notify.adapters.repositories import Claim
from services.notify.domain.mail import (
    MAY_HAVE_BEEN_DELIVERED, DeliveryFailure, Mail, Mailer, TemporaryFailure, UnknownOutcome,
)
from services.notify.domain.notifications import FAILED, QUEUED, SENT, SUPPRESSED
from services.notify.domain.retry import RetryPolicy
from services.notify.service_layer.unit_of_work import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)
INTERRUPTED = (f"{MAY_HAVE_BEEN_DELIVERED}; it may have been delivered, so it is not sent again "
               "(heard mail resend or heard mail close settles it)")


class ClaimLost(Exception):
    """The sweep settled this claim while its sender was slow: the sender must not send."""


class MailJob(Protocol):
    """One kind of email: how to write it and what to record when it ends."""
    kind: str

    def compose(self, uow: UnitOfWork, row_id: str) -> Mail | str:
        """The email, or the reason not to send it (a suppression reason)."""

    def composing(self, uow: UnitOfWork, row_ids: list[str]) -> Callable[[str], Mail | str]:
        """`compose` for a claimed batch: what they need may be read once for all of them."""

    def on_sent(self, uow: UnitOfWork, row_id: str, attempts: int, now: datetime) -> None: ...

    def on_failed(self, uow: UnitOfWork, row_id: str, attempts: int, reason: str, now: datetime) -> None: ...

    def on_suppressed(self, uow: UnitOfWork, row_id: str, reason: str, now: datetime) -> None: ...


def deliver_next(uow_factory: UnitOfWorkFactory, job: MailJob, mailer: Mailer, policy: RetryPolicy,
                 clock: Callable[[], datetime] = utcnow) -> bool:
    """Send the most overdue queued email of this kind; False when none is due."""
    return deliver_batch(uow_factory, job, mailer, policy, clock, limit=1) > 0


def deliver_batch(uow_factory: UnitOfWorkFactory, job: MailJob, mailer: Mailer, policy: RetryPolicy,
                  clock: Callable[[], datetime] = utcnow, limit: int = 50,
                  read_factory: UnitOfWorkFactory | None = None) -> int:
    """Send up to `limit` of the most overdue emails of this kind; returns how many were dealt
    with (0: none due). One transaction claims them all and one reads what composing them all
    needs (`read_factory`'s, which takes no write lock; default: `uow_factory`); then each
    message's hand-over is stamped in the same transaction that records the previous message
    as sent, so every message still has its own hand-over just before its DATA."""
    with uow_factory() as uow:
        claims = uow.queues[job.kind].claim_batch(clock(), limit)
        uow.commit()
    if not claims:
        return 0
    sent: list[Claim] = []  # at most one: sent over SMTP, not yet recorded
    for claim, mail in _compose_all(uow_factory, read_factory or uow_factory, job, claims, clock):
        if isinstance(mail, DeliveryFailure):
            _record_failure(uow_factory, job, claim, mail, policy, clock(), sent)
            continue
        try:
            mailer.send(mail, on_handover=functools.partial(
                _mark_handover_now, uow_factory, job, claim, clock, sent))
        except ClaimLost:
            log.warning("%s %s: claim lost before sending; not sent", job.kind, claim.row_id)
        except DeliveryFailure as failure:
            _record_failure(uow_factory, job, claim, failure, policy, clock(), sent)
        else:
            sent.append(claim)
            fault_point("mail.after_data")  # test hook: accepted by the server, not recorded
    if sent:
        with uow_factory() as uow:
            _record_sent(uow, job, sent, clock())
            uow.commit()
    return len(claims)


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


def _compose_all(uow_factory: UnitOfWorkFactory, read_factory: UnitOfWorkFactory, job: MailJob,
                 claims: list[Claim], clock: Callable[[], datetime]
                 ) -> list[tuple[Claim, Mail | DeliveryFailure]]:
    """(claim, Mail or the DeliveryFailure to record) for each claim that is to be sent.
    Composing only reads (what to say, and whether to send at all), so the other senders' hand-
    over stamps need not wait for it; the suppressions it finds are recorded after, together."""
    ready: list[tuple[Claim, Mail | DeliveryFailure]] = []
    suppressed: list[tuple[Claim, str]] = []
    with read_factory() as uow:
        try:
            compose = job.composing(uow, [claim.row_id for claim in claims])
        except Exception as exc:  # as if each had failed to compose: retry, then fail
            log.exception("could not read what %d %s emails need", len(claims), job.kind)
            return [(claim, _compose_failure(exc)) for claim in claims]
        for claim in claims:
            try:
                composed = compose(claim.row_id)
            except Exception as exc:  # a data or template problem: retry, then fail
                log.exception("could not compose %s %s", job.kind, claim.row_id)
                ready.append((claim, _compose_failure(exc)))
                continue
            if isinstance(composed, Mail):
                ready.append((claim, composed))
            else:
                suppressed.append((claim, composed))
    if suppressed:
        with uow_factory() as uow:
            for claim, reason in suppressed:
                if uow.queues[job.kind].finish(claim, SUPPRESSED, clock(), reason=reason,
                                               attempted=False) is not None:
                    job.on_suppressed(uow, claim.row_id, reason, clock())
            uow.commit()
    return ready


def _compose_failure(exc: Exception) -> TemporaryFailure:
    return TemporaryFailure(f"could not compose the email: {type(exc).__name__}")


def _record_sent(uow: UnitOfWork, job: MailJob, sent: list[Claim], now: datetime) -> None:
    for claim in sent:
        attempts = uow.queues[job.kind].finish(claim, SENT, now)
        if attempts is not None:
            job.on_sent(uow, claim.row_id, attempts, now)
    sent.clear()


def _mark_handover_now(uow_factory: UnitOfWorkFactory, job: MailJob, claim: Claim,
                       clock: Callable[[], datetime], sent: list[Claim]) -> None:
    _mark_handover(uow_factory, job, claim, clock(), sent)


def _mark_handover(uow_factory: UnitOfWorkFactory, job: MailJob, claim: Claim, now: datetime,
                   sent: list[Claim]) -> None:
    with uow_factory() as uow:
        _record_sent(uow, job, sent, now)
        stamped = uow.queues[job.kind].mark_handover(claim, now)
        uow.commit()
    fault_point("mail.after_handover")  # test hook: stamped, the message not yet sent
    if not stamped:
        raise ClaimLost(claim.row_id)


def _record_failure(uow_factory: UnitOfWorkFactory, job: MailJob, claim: Claim, failure: DeliveryFailure,
                    policy: RetryPolicy, now: datetime, sent: list[Claim]) -> None:
    attempts = claim.attempts + 1
    reason = failure.reason
    with uow_factory() as uow:
        _record_sent(uow, job, sent, now)
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
