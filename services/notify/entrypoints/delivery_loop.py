"""The worker threads that send queued email, so a slow mail server never holds up consuming.

Several loops may send at once (HEARD_SMTP_CONNECTIONS), each with its own SMTP session: each
claims its own batch (a claim is exclusive), so while one waits for the server or for its
hand-over commit the others go on. The once-only rules are those of one loop: every message has
its own hand-over stamp, committed just before its DATA. Only the first loop sweeps abandoned
claims and plans digests."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from services.common.db.types import utcnow
from services.common.messaging.worker import repeat_until_stopped
from services.notify.adapters.emails import EmailComposer
from services.notify.bootstrap import read_uow_factory
from services.notify.adapters.smtp_mailer import SmtpMailer
from services.common.emails.renderer import TemplateRenderer
from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.domain.mail import Mailer
from services.notify.domain.retry import RetryPolicy
from services.notify.service_layer.delivery import MailJob, deliver_batch, sweep_stale
from services.notify.service_layer.digests import plan_contributor_digests, plan_digests
from services.notify.service_layer.contributor_digest_mail import ContributorDigestMail
from services.notify.service_layer.mail_jobs import DigestMail, NotificationMail

log = logging.getLogger(__name__)


class DeliveryLoop:
    def __init__(self, uow_factory, jobs: list[MailJob], mailer: Mailer, policy: RetryPolicy,
                 lease: timedelta, digest_hour: int, clock: Callable[[], datetime] = utcnow,
                 idle_wait: float = 0.2, sweep_every: float = 1.0, digests_every: float = 60.0,
                 housekeeping: bool = True, read_factory=None):
        self.uow_factory = uow_factory
        self.read_factory = read_factory  # composing's reads; None: uow_factory
        self.jobs = jobs
        self.mailer = mailer
        self.policy = policy
        self.lease = lease
        self.digest_hour = digest_hour
        self.clock = clock
        self.idle_wait = idle_wait
        self.sweep_every = sweep_every
        self.digests_every = digests_every
        self.housekeeping = housekeeping
        self._next_sweep = self._next_digests = 0.0

    def run(self, stop: threading.Event) -> None:
        # the schedule lives in the database, so an error loses nothing: try again shortly
        try:
            repeat_until_stopped(stop, self.tick, what="delivery loop", idle_wait=self.idle_wait)
        finally:
            self.mailer.close()

    def tick(self) -> bool:
        """Housekeeping when due, then one batch of each kind. True if any email was dealt with."""
        if self.housekeeping:
            self._housekeeping()
        dealt_with = [deliver_batch(self.uow_factory, job, self.mailer, self.policy, self.clock,
                                    read_factory=self.read_factory)
                      for job in self.jobs]
        return any(dealt_with)

    def _housekeeping(self) -> None:
        if time.monotonic() >= self._next_sweep:
            for job in self.jobs:
                sweep_stale(self.uow_factory, job, self.lease, self.policy, self.clock)
            self._next_sweep = time.monotonic() + self.sweep_every
        if time.monotonic() >= self._next_digests:
            self._next_digests = time.monotonic() + self.digests_every
            try:
                with self.uow_factory() as uow:
                    plan_digests(uow, self.clock(), self.digest_hour)
                with self.uow_factory() as uow:
                    plan_contributor_digests(uow, self.clock(), self.digest_hour)
            except IntegrityError:  # another worker planned the same (partner or person, day) first
                log.info("digests were planned by another worker")


def build_delivery_loops(runtime, tokens: UnsubscribeTokens) -> list[DeliveryLoop]:
    """HEARD_SMTP_CONNECTIONS loops, each with its own SMTP session."""
    connections = runtime.settings.mail.smtp_connections
    return [build_delivery_loop(runtime, tokens, housekeeping=n == 0) for n in range(connections)]


def build_delivery_loop(runtime, tokens: UnsubscribeTokens, mailer: Mailer | None = None,
                        housekeeping: bool = True) -> DeliveryLoop:
    mail = runtime.settings.mail
    composer = EmailComposer(TemplateRenderer(), tokens, mail.notify_url, mail.mail_from, mail.intake_url)
    jobs: list[MailJob] = [NotificationMail(composer, tokens.address_hash),
            DigestMail(composer, tokens.address_hash, mail.digest_hour),
            ContributorDigestMail(composer, tokens.address_hash)]
    policy = RetryPolicy(mail.retry_base_seconds, mail.retry_cap_seconds, mail.max_attempts)
    return DeliveryLoop(runtime.uow_factory, jobs, mailer or SmtpMailer(mail), policy,
                        timedelta(seconds=mail.claim_lease_seconds), mail.digest_hour,
                        housekeeping=housekeeping, read_factory=read_uow_factory(runtime))
