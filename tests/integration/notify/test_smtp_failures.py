"""A mail server that is down or says "try later" delays email; one that says "no" fails it."""
from __future__ import annotations

from tests.integration.notify import events as ev
from tests.integration.notify import support as s
from tests.support.polling import wait_for


def test_smtp_down_then_refusing_then_back_delivers_every_pending_email_once(stack):
    k, sink = stack.bootstrap, stack.sink
    partner_id = ev.partner(k, ev.address("partner"))
    mails = [ev.address(f"waiting{n}") for n in range(3)]
    people = [ev.contributor(k, partner_id, mail) for mail in mails]
    s.wait_known(stack.runtime, [partner_id, *people])

    sink.stop()  # connection refused
    decision_id = ev.new_id()
    ev.outcome_published(k, decision_id, ev.new_id(), [
        ev.link(ev.new_id(), person, partner_id, "noted", "It informed the discussion.")
        for person in people])
    # one snapshot of the rows: with several senders a row may be claimed again right after
    waiting = wait_for(lambda: (rows := s.rows(stack.runtime, decision_id)) and all(
        r.attempts >= 2 and r.status == "queued" for r in rows) and rows,
        timeout=30, message="retries while the server is down")
    assert all("could not connect" in (r.reason or "") for r in waiting), [r.reason for r in waiting]

    sink.fail_with(451)  # up again, but "try again later"
    sink.start()
    wait_for(lambda: sink.rejected_count >= 3, timeout=30, message="451 answers")
    assert not any(r.status == "sent" for r in s.rows(stack.runtime, decision_id))
    sink.recover()

    found = s.wait_statuses(stack.runtime, decision_id, 3, timeout=30)
    assert all(r.status == "sent" and r.attempts >= 3 for r in found)
    for mail in mails:
        assert len(s.mail_to(sink, mail)) == 1
    assert len(s.wait_events(k, "notification-sent", decision_id, 3)) == 3


def test_a_permanent_refusal_is_recorded_as_failed_and_announced(stack):
    k, sink = stack.bootstrap, stack.sink
    refused_mail = ev.address("refused")
    partner_id = ev.partner(k, ev.address("partner"))
    person = ev.contributor(k, partner_id, refused_mail)
    s.wait_known(stack.runtime, [partner_id, person])

    sink.fail_with(550, stage="RCPT", message=f"<{refused_mail}>: no such mailbox")
    decision_id = ev.new_id()
    ev.outcome_published(k, decision_id, ev.new_id(), [
        ev.link(ev.new_id(), person, partner_id, "adopted", "We did it.")])
    [row] = s.wait_statuses(stack.runtime, decision_id, 1)
    sink.recover()
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.reason.startswith("550 at RCPT") and refused_mail not in row.reason

    [failed] = s.wait_events(k, "notification-failed", decision_id, 1)
    assert failed["payload"]["contributor_id"] == person and failed["payload"]["attempts"] == 1
    assert "550" in failed["payload"]["reason"] and refused_mail not in str(failed)
    assert s.mail_to(sink, refused_mail) == []
