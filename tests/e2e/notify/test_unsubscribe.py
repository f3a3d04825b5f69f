"""The unsubscribe link from a real, parsed email works, and stops the next email."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from services.notify.entrypoints.api import create_app
from tests.integration.notify import events as ev
from tests.integration.notify import support as s


def test_unsubscribe_link_from_a_real_email_stops_the_next_one(stack):
    k, runtime = stack.bootstrap, stack.runtime
    mail = ev.address("leaving")
    partner_id = ev.partner(k, ev.address("partner"))
    person = ev.contributor(k, partner_id, mail)
    s.wait_known(runtime, [partner_id, person])
    decision_id, board_id = ev.new_id(), ev.new_id()
    links = [ev.link(ev.new_id(), person, partner_id, "adopted", "We did it.")]
    ev.outcome_published(k, decision_id, board_id, links)
    s.wait_statuses(runtime, decision_id, 1)
    [email] = s.mail_to(stack.sink, mail)

    header_url = re.fullmatch(r"<(.+)>", email["List-Unsubscribe"]).group(1)
    text = email.get_body(("plain",)).get_content()
    assert header_url in text  # the link people see is the one mail apps use
    path = urlsplit(header_url).path
    client = create_app(runtime=runtime).test_client()

    page = client.get(path)
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    body = page.get_data(as_text=True)
    assert '<form method="post"' in body and f'action="{path}"' in body and "<h1>" in body
    assert mail not in body and page.headers["Cache-Control"] == "no-store"
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    refused = client.post(tampered, data="List-Unsubscribe=One-Click",
                          content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 400 and "This link does not work" in refused.get_data(as_text=True)
    assert client.get("/unsubscribe/not-a-token").status_code == 400

    # what a mail app's one-click button sends (RFC 8058); twice is fine
    for _ in range(2):
        done = client.post(path, data="List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
        assert done.status_code == 200 and "You will not get these emails any more" in done.get_data(as_text=True)

    ev.progress_updated(k, decision_id, board_id, links)
    found = s.wait_statuses(runtime, decision_id, 2)
    progress = next(r for r in found if r.trigger == "progress")
    assert (progress.status, progress.reason) == ("suppressed", "unsubscribed")
    [event] = s.wait_events(k, "notification-suppressed", decision_id, 1)
    assert event["payload"]["reason"] == "unsubscribed" and event["payload"]["trigger"] == "progress"
    assert len(s.mail_to(stack.sink, mail)) == 1
