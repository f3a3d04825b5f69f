"""A partner that asked for it gets one digest a day of the outcomes citing its input."""
from __future__ import annotations

from datetime import UTC, datetime

from services.notify.domain.digests import digest_id
from services.notify.service_layer.digests import plan_digests
from tests.integration.notify import events as ev
from tests.integration.notify import support as s
from tests.support.polling import wait_for

DAY = datetime(2025, 6, 10, tzinfo=UTC)


def test_daily_digest_lists_the_days_outcomes_once(stack):
    k, runtime, sink = stack.bootstrap, stack.runtime, stack.sink
    digest_mail, quiet_mail = ev.address("digest"), ev.address("quiet")
    partner_id = ev.partner(k, digest_mail, name="Northtown Mind", digest=True)
    quiet_partner = ev.partner(k, quiet_mail, name="Quiet Group", digest=False)
    s.wait_known(runtime, [partner_id, quiet_partner])
    titles = {"Open a crisis café": DAY.replace(hour=9), "Fund peer support": DAY.replace(hour=16),
              "Tomorrow's decision": DAY.replace(hour=18)}  # after the digest hour: next day's list
    for title, published_at in titles.items():
        ev.outcome_published(k, ev.new_id(), ev.new_id(), [
            ev.link(ev.new_id(), None, partner_id, "adopted", "Done."),
            ev.link(ev.new_id(), None, quiet_partner, "noted", "Heard.")],
            published_at=published_at, title=title)
    wait_for(lambda: _outcomes(runtime, partner_id) == 3, message="outcomes recorded")

    assert _plan(runtime, DAY.replace(hour=16, minute=59)) == []  # before HEARD_DIGEST_HOUR (17)
    planned = _plan(runtime, DAY.replace(hour=17, minute=5))  # earlier tests' partners may be in it
    assert digest_id(partner_id, DAY.date()) in planned
    assert digest_id(quiet_partner, DAY.date()) not in planned
    assert _plan(runtime, DAY.replace(hour=22)) == []  # once per partner and day

    [digest] = wait_for(lambda: s.mail_to(sink, digest_mail), message="the digest")
    assert digest["Subject"] == "Your organisation's day on Heard: 10 June 2025"
    text = digest.get_body(("plain",)).get_content()
    assert "Open a crisis café" in text and "Fund peer support" in text
    assert "Tomorrow's decision" not in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert s.mail_to(sink, quiet_mail) == []


def _plan(runtime, now: datetime) -> list[str]:
    with runtime.uow_factory() as uow:
        planned = plan_digests(uow, now, runtime.settings.mail.digest_hour)
    return planned


def _outcomes(runtime, partner_id: str) -> int:
    with runtime.uow_factory() as uow:
        return len(uow.partner_outcomes.in_window(partner_id, DAY.replace(hour=0), DAY.replace(hour=23)))
