"""The worker killed (SIGKILL) in the middle of sending a batch, then restarted: nobody gets an
email twice, and every email that was not possibly delivered is sent."""
from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys

from services.common.settings import PROJECT_ROOT
from services.notify.service_layer.delivery import INTERRUPTED
from tests.integration.notify import events as ev
from tests.integration.notify import support as s
from tests.support.polling import wait_for
from tests.support.services import service_env

PEOPLE = 40


def start_worker(env: dict, log_path) -> subprocess.Popen:
    with open(log_path, "ab") as log:  # a file, not a pipe: a full pipe would block the worker
        return subprocess.Popen([sys.executable, "-m", "services.notify.entrypoints.worker"],
                                cwd=PROJECT_ROOT, env={**os.environ, **env},
                                stdout=subprocess.DEVNULL, stderr=log)


def test_worker_killed_mid_batch_and_restarted_sends_no_email_twice(kafka_bootstrap, database_url, tmp_path):
    log_path = tmp_path / "worker.log"
    with s.smtp_sink(tmp_path / "mail") as sink:
        runtime = s.notify_runtime(database_url, kafka_bootstrap, sink)
        env = service_env("notify", database_url, kafka_bootstrap, HEARD_SMTP_PORT=str(sink.port),
                          **s.FAST_DELIVERY)
        partner_id = ev.partner(kafka_bootstrap, ev.address("partner"))
        mails = [ev.address(f"batch{n}") for n in range(PEOPLE)]
        people = [ev.contributor(kafka_bootstrap, partner_id, mail) for mail in mails]

        first = start_worker(env, log_path)
        try:
            s.wait_known(runtime, [partner_id, *people], timeout=90)
            decision_id = ev.new_id()
            ev.outcome_published(kafka_bootstrap, decision_id, ev.new_id(), [
                ev.link(ev.new_id(), person, partner_id, "adopted", "We did it.") for person in people])
            wait_for(lambda: _count(runtime, decision_id, "sent") >= 3, timeout=60, interval=0.005,
                     message="the batch under way")
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        sent_before = _count(runtime, decision_id, "sent")
        assert sent_before < PEOPLE, "the kill came too late to test a restart"

        second = start_worker(env, log_path)
        try:
            found = s.wait_statuses(runtime, decision_id, PEOPLE, statuses=("sent", "failed"), timeout=90)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=60)
        assert second.returncode == 0, log_path.read_text()[-3000:]

        received = collections.Counter(str(m["X-Envelope-To"]) for m in sink.messages())
        by_person = dict(zip(people, mails, strict=True))
        for row in found:
            copies = received[by_person[row.contributor_id]]
            if row.status == "sent":
                assert copies == 1, (row.contributor_id, copies)
            else:  # killed between handing the message over and recording it: never resent
                assert row.reason == INTERRUPTED and copies <= 1
        assert sum(r.status == "failed" for r in found) <= 1
        sent_events = s.wait_events(kafka_bootstrap, "notification-sent", decision_id, sent_before)
        ids = [e["payload"]["notification_id"] for e in sent_events]
        assert len(ids) == len(set(ids))
        runtime.engine.dispose()


def _count(runtime, decision_id: str, status: str) -> int:
    return sum(row.status == status for row in s.rows(runtime, decision_id))
