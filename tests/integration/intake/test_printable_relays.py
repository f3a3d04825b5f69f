"""/relays/print: the relay list as a page to print, opened in a browser with the partner
key as the password (HTTP Basic, which a browser asks for itself) or with the Bearer key."""
from __future__ import annotations

import base64
import html as markup
import re

from services.intake.entrypoints.consumers import intake_handlers
from tests.integration.intake.events import decision, delivery, link

PAGE = "/relays/print"


def basic(key: str, user: str = "partner") -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{key}".encode()).decode()}


def text_of(response) -> str:
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def test_the_printable_relay_list(api, partner, other_partner):
    handlers = intake_handlers(api.runtime.uow_factory)

    def person(summary: str, owner=partner, **overrides):
        contributor = api.new_contributor(owner, **overrides)["contributor_id"]
        return api.new_input(owner, contributor_id=contributor, summary=summary)

    jo = person("Nobody answers the phone at night.", email=None, preferred_name="Jo")
    kim = person("The last bus leaves too early.", email=None, preferred_name="Kim")
    emailed = person("A&E was the only place open.")
    strangers = person("Elsewhere the waits are long.", other_partner, email=None, preferred_name="Ahmed")
    first = decision([link(jo), link(emailed), link(strangers)])
    second = decision([link(kim, "not_adopted", "Not this year: the budget is spent.")])
    for event in (first, second):
        handlers[event[0].topic](delivery(*event))

    # no key: the browser is asked for one
    asked = api.client.get(PAGE)
    assert asked.status_code == 401 and asked.headers["WWW-Authenticate"].startswith("Basic ")
    assert api.client.get(PAGE, headers=basic("not-a-key")).status_code == 401
    assert api.client.get(PAGE, headers={"Authorization": "Basic !!!"}).status_code == 401

    shown = api.client.get(PAGE, headers=basic(partner.key))
    assert shown.status_code == 200 and shown.mimetype == "text/html"
    assert shown.headers["Cache-Control"] == "no-store"
    html, words = shown.get_data(as_text=True), text_of(shown)
    assert "<script" not in html and "@media print" in html and "break-inside: avoid" in html
    # in the order the outcomes came; only this partner's people who cannot be emailed
    assert words.index("1. Jo") < words.index("2. Kim")
    assert "Ahmed" not in words and emailed["summary"] not in words
    assert jo["summary"] in words and second[1]["title"] in words
    assert "They did not do this. Not this year: the budget is spent." in words
    assert "No email address" in words and "in person" in words and "group session" in words
    assert text_of(api.client.get(PAGE, headers=partner.headers)) == words, "the Bearer key works too"

    # a page at a time, with a link to the next
    one = api.client.get(PAGE, query_string={"limit": 1}, headers=basic(partner.key))
    [next_url] = re.findall(r'href="([^"]+)"', one.get_data(as_text=True))
    assert "1. Jo" in text_of(one) and "Kim" not in text_of(one)
    rest = api.client.get(markup.unescape(next_url), headers=basic(partner.key))
    assert "1. Kim" in text_of(rest) and "Jo" not in text_of(rest)

    told = api.client.post("/v1/relays/told", headers=partner.headers, json={
        "decision_id": first[1]["decision_id"], "input_id": jo["input_id"], "how": "letter"})
    assert told.status_code == 201, told.json
    assert "Jo" not in text_of(api.client.get(PAGE, headers=basic(partner.key)))
    assert "1. Ahmed" in text_of(api.client.get(PAGE, headers=basic(other_partner.key)))
    assert api.client.get(PAGE, query_string={"limit": 0}, headers=basic(partner.key)).status_code == 422
