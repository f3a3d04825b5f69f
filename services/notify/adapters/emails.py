"""Writes the emails: template context, unsubscribe link and headers, Message-ID."""
from __future__ import annotations

from datetime import date
from email.utils import parseaddr

from services.common.emails.contributor_digest import digest_context
from services.common.emails.outcome import outcome_context
from services.common.emails.renderer import TemplateRenderer
from services.notify.adapters.tokens import OutcomeTokens, UnsubscribeTokens
from services.notify.domain.contacts import Contact
from services.notify.domain.partner_digest import PartnerDigest
from services.notify.domain.mail import Mail
from services.notify.domain.notifications import Notification


class EmailComposer:
    def __init__(self, renderer: TemplateRenderer, tokens: UnsubscribeTokens, notify_url: str,
                 mail_from: str, intake_url: str | None = None):
        self.renderer = renderer
        self.tokens = tokens
        # the same secret, another salt: an unsubscribe token never opens an outcome page
        self.outcome_tokens = OutcomeTokens(tokens.secret, tokens.previous)
        self.notify_url = notify_url.rstrip("/")
        # the partner's printable relay list (it asks for the partner's key itself)
        self.relay_list_url = f"{intake_url.rstrip('/')}/relays/print" if intake_url else None
        self.domain = parseaddr(mail_from)[1].rpartition("@")[2]

    def unsubscribe_url(self, address: str) -> str:
        return f"{self.notify_url}/unsubscribe/{self.tokens.token_for(address)}"

    def outcome_mail(self, notification: Notification, contact: Contact, partner: Contact | None,
                     summaries: dict[str, str]) -> Mail:
        reply_to = partner.email if partner is not None else None
        context = outcome_context(
            notification.trigger, notification.content, summaries, name=contact.preferred_name,
            partner_name=partner.preferred_name if partner is not None else None,
            can_reply=bool(reply_to), **self.outcome_links(notification))
        return self._mail(contact, "outcome", context, notification.notification_id,
                          reply_to)

    def outcome_links(self, notification: Notification) -> dict:
        return self._outcome_links(notification.contributor_id, notification.decision_id)

    def _outcome_links(self, contributor_id: str, decision_id: str) -> dict:
        page = f"{self.notify_url}/outcome/{self.outcome_tokens.token_for(contributor_id, decision_id)}"
        return {"outcome_url": page,
                "answer_urls": {choice: f"{page}/answer/{choice}" for choice in ("yes", "partly", "no")}}

    def contributor_digest_mail(self, digest_id: str, contact: Contact, partner: Contact | None,
                                day: date, carried: list[Notification],
                                summaries: dict[str, str]) -> Mail:
        reply_to = partner.email if partner is not None else None
        news = [{"decision_id": n.decision_id, "trigger": n.trigger, "content": n.content}
                for n in carried]
        links = {n.decision_id: self._outcome_links(contact.contact_id, n.decision_id) for n in carried}
        context = digest_context(day, news, summaries, name=contact.preferred_name,
                                 partner_name=partner.preferred_name if partner is not None else None,
                                 can_reply=bool(reply_to), links_for=links)
        return self._mail(contact, "contributor_digest", context, f"contributor-digest-{digest_id}",
                          reply_to)

    def digest_mail(self, digest_id: str, partner: Contact, digest: PartnerDigest) -> Mail:
        context = {"partner_name": partner.preferred_name or "there", "day": digest.day,
                   "outcomes": digest.outcomes, "updates": digest.updates, "relays": digest.relays,
                   "people_to_tell": digest.people_to_tell, "answers": digest.answers,
                   "questions": digest.questions, "relay_list_url": self.relay_list_url}
        return self._mail(partner, "digest", context, f"digest-{digest_id}", None)

    def _mail(self, contact: Contact, template: str, context: dict, key: str,
              reply_to: str | None) -> Mail:
        unsubscribe_url = self.unsubscribe_url(contact.email)
        rendered = self.renderer.render_email(contact.language, contact.accessible_format, template,
                                              {**context, "unsubscribe_url": unsubscribe_url})
        return Mail(
            to_address=contact.email, to_name=contact.preferred_name, subject=rendered.subject,
            text=rendered.text, html=rendered.html, message_id=f"<{key}@{self.domain}>",
            reply_to=reply_to,
            # RFC 2369 and RFC 8058: mail apps show an unsubscribe button that POSTs here
            headers={"List-Unsubscribe": f"<{unsubscribe_url}>",
                     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
