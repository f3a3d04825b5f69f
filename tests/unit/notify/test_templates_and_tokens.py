"""Emails from the Jinja2 templates, and unsubscribe tokens."""
from __future__ import annotations

import pytest

from services.notify.adapters.emails import EmailComposer
from services.common.emails.renderer import TemplateRenderer, long_date
from services.notify.adapters.tokens import OutcomeTokens, UnsubscribeTokens
from services.notify.domain.digests import PartnerOutcome
from services.notify.domain.partner_digest import PartnerDigest
from services.notify.domain.notifications import decision_event, links_by_contributor, new_notification
from tests.unit.notify.events import NOW, link, new_id, progress, published, revised
from tests.unit.notify.fakes import contact

TOKENS = UnsubscribeTokens("a-test-secret-of-enough-length")


def composer() -> EmailComposer:
    return EmailComposer(TemplateRenderer(), TOKENS, "https://notify.example/", "Heard <outcomes@heard.example>")


def notification_for(event_type: str, payload: dict):
    event = decision_event(event_type, payload)
    person, links = next(iter(links_by_contributor(event).items()))
    return new_notification(event, person, links, None, NOW)


def test_templates_are_chosen_by_language_then_format_with_english_as_the_fallback():
    renderer = TemplateRenderer()
    assert renderer.choose("en-GB", "large_print", "outcome") == ("en", "large_print")
    assert renderer.choose("EN_gb", "standard", "outcome") == ("en", "standard")
    assert renderer.choose("cy", "easy_read", "outcome") == ("en", "easy_read")
    assert renderer.choose("fr", "large_print", "digest") == ("en", "large_print")
    # partners are organisations: their digest has no easy read version, so standard stands in
    assert renderer.choose("fr", "easy_read", "digest") == ("en", "standard")


@pytest.mark.parametrize("accessible_format", ["standard", "easy_read", "large_print"])
@pytest.mark.parametrize("event_type, payload", [
    ("outcome-published", published), ("outcome-revised", revised), ("progress-updated", progress)])
def test_every_trigger_renders_in_every_format_with_the_unsubscribe_link(accessible_format, event_type, payload):
    person = new_id()
    notification = notification_for(event_type, payload(new_id(), [link(person, "not_adopted", "Too costly.")]))
    mail = composer().outcome_mail(notification, contact(person, accessible_format=accessible_format),
                                   None, {})
    url = mail.headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://notify.example/unsubscribe/") and url in mail.text and url in mail.html
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Too costly." in mail.text and '<html lang="en">' in mail.html and "<h1>" in mail.html
    assert mail.message_id == f"<{notification.notification_id}@heard.example>"
    assert ("font-size: 24px" in mail.html) == (accessible_format == "large_print")
    # the person's own outcome page, and one link per answer (each opens a page with a button)
    import re

    from services.notify.adapters.tokens import OutcomeTokens
    [token] = set(re.findall(r"https://notify\.example/outcome/([^/\s]+)", mail.text))
    assert OutcomeTokens(TOKENS.secret).read(token) == (person, notification.decision_id)
    page = f"https://notify.example/outcome/{token}"
    for url in (page, *(f"{page}/answer/{c}" for c in ("yes", "partly", "no"))):
        assert url in mail.text and f'href="{url}"' in mail.html, url


def test_html_escapes_what_boards_and_contributors_wrote():
    person = new_id()
    payload = published(new_id(), [link(person, "adopted", "<script>alert(1)</script>")])
    payload["board_name"] = "Board <b>&</b> Co"
    notification = notification_for("outcome-published", payload)
    partner = contact("p", kind="partner", preferred_name="<i>Mind</i>", email="hello@mind.example")
    mail = composer().outcome_mail(notification, contact(person), partner, {})
    assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html
    assert "Board &lt;b&gt;&amp;&lt;/b&gt; Co" in mail.html and "<i>Mind</i>" not in mail.html
    assert "<script>alert(1)</script>" in mail.text  # plain text is not HTML
    assert mail.reply_to == "hello@mind.example"


def test_the_digest_lists_each_outcome_with_its_link():
    partner = contact("p", kind="partner", preferred_name="Northtown Mind", email="hello@mind.example")
    outcome = PartnerOutcome("p", new_id(), "Open a café", "Board", "http://d.test/1",
                             NOW.date(), NOW, 2)
    mail = composer().digest_mail(new_id(), partner, PartnerDigest(NOW.date(), [outcome], [], [], 0, 0))
    assert "Open a café" in mail.text and "2 pieces of your organisation's input" in mail.text
    assert '<a href="http://d.test/1">Open a café</a>' in mail.html
    assert mail.subject == f"Your organisation's day on Heard: {long_date(NOW.date())}"


def test_a_token_carries_a_keyed_hash_of_the_address_and_nothing_else_is_accepted():
    token = TOKENS.token_for("Sam@Example.org ")
    assert TOKENS.address_hash_in(token) == TOKENS.address_hash("sam@example.org")
    assert "sam" not in token.lower()
    assert TOKENS.address_hash_in(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    assert UnsubscribeTokens("another-secret-of-enough-length").address_hash_in(token) is None
    assert TOKENS.address_hash_in("") is None


def test_rotating_the_signing_secret_keeps_links_sent_and_the_list_key():
    before = UnsubscribeTokens("first-secret-of-enough-length")
    token = before.token_for("sam@example.org")
    rotated = UnsubscribeTokens("second-secret-of-enough-length", previous=["first-secret-of-enough-length"],
                                list_key="first-secret-of-enough-length")
    # a link already sent still works, and stands for the same entry on the unsubscribe list
    assert rotated.address_hash_in(token) == before.address_hash("sam@example.org")
    assert rotated.address_hash("sam@example.org") == before.address_hash("sam@example.org")
    # new links are signed with the new secret only: the old secret alone does not accept them
    assert before.address_hash_in(rotated.token_for("sam@example.org")) is None
    # the list key, not the signing secret, keys the hashes
    other_list = UnsubscribeTokens("second-secret-of-enough-length", list_key="another-list-key-of-length")
    assert other_list.address_hash("sam@example.org") != rotated.address_hash("sam@example.org")
    assert other_list.address_hash_in(rotated.token_for("sam@example.org")) is not None


def test_outcome_links_survive_a_rotation_of_the_signing_secret():
    token = OutcomeTokens("first-secret-of-enough-length").token_for("c", "d")
    assert OutcomeTokens("second-secret-of-enough-length", ["first-secret-of-enough-length"]).read(token) == ("c", "d")
    assert OutcomeTokens("second-secret-of-enough-length").read(token) is None
