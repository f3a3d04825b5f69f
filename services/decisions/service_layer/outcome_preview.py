"""Before a board publishes: who will be told and how, and the very emails they will get.

The preview builds the payload publishing would put in the outcome-published event, reads it
with services/common/emails' event_content() as notify does, and renders it with notify's own
templates. The counts come from the consent flags intake sends decisions: never an address.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from services.common.emails.outcome import (
    ACCESSIBLE_FORMATS, event_content, notification_content, outcome_context,
)
from services.decisions.adapters import board_views
from services.decisions.domain.model import Decision
from services.decisions.service_layer.boards import board_of
from services.decisions.service_layer.decisions import decision_of
from services.decisions.service_layer.events import decision_facts, public_links
from services.common.emails.renderer import TemplateRenderer
from services.decisions.service_layer.publishing import current_links
from services.decisions.service_layer.unit_of_work import UnitOfWork


def draft_payload(uow: UnitOfWork, decision: Decision, public_base_url: str, now: datetime) -> dict[str, Any]:
    """What publish_decision would put in the outcome-published event now."""
    board = board_of(uow, decision.board_id)
    return {**decision_facts(decision, board, public_base_url), "revision": 1, "published_at": now,
            "no_input_considered": not decision.links,
            "links": public_links(uow, current_links(decision))}


def audience(uow: UnitOfWork, links: list[dict[str, Any]]) -> dict[str, Any]:
    """How the people behind `links` (links as events carry them) will hear of the outcome.
    notify sends one email per person per event, so people are counted once."""
    people = sorted({str(link["contributor_id"]) for link in links if link["contributor_id"]})
    flags = board_views.consent_flags(uow.connection, people)
    by_format = dict.fromkeys(ACCESSIBLE_FORMATS, 0)
    ways = {"no_consent": 0, "through_partner": 0, "unknown": 0}
    # of those emailed, how many chose to hear later: in a daily digest, or at the final outcome
    later = {"daily_digest": 0, "final_outcome": 0}
    for person in people:
        flag = flags.get(person)
        if flag is None or flag["contact_about_outcomes"] is None or (
                flag["contact_about_outcomes"] and flag["has_email"] is None):
            ways["unknown"] += 1  # from events written before intake sent these flags
        elif not flag["contact_about_outcomes"]:
            ways["no_consent"] += 1
        elif not flag["has_email"]:
            ways["through_partner"] += 1
        else:
            by_format[flag["accessible_format"] or "standard"] += 1
            if flag.get("email_frequency") in later:
                later[flag["email_frequency"]] += 1
    return {"email": by_format, "emailed": sum(by_format.values()), **ways, **later,
            "anonymous": sum(1 for link in links if not link["contributor_id"]),
            "people": len(people)}


def decision_audience(uow: UnitOfWork, decision: Decision) -> dict[str, Any]:
    return audience(uow, public_links(uow, current_links(decision)))


def preview(uow: UnitOfWork, renderer: TemplateRenderer, board_id: str, decision_id: str, *, public_base_url: str,
            unsubscribe_url: str, now: datetime, input_id: str | None = None) -> dict[str, Any]:
    """The email one person would get, in every format: the person behind `input_id`, or behind
    the first cited input that has a person. None for `emails` when nobody could be emailed."""
    decision = decision_of(uow, board_id, decision_id)
    payload = draft_payload(uow, decision, public_base_url, now)
    trigger, _ref, facts, links = event_content("outcome-published", payload)
    flags = board_views.consent_flags(uow.connection, [link["contributor_id"] for link in links
                                                       if link["contributor_id"]])

    def emailed_first(link: dict[str, Any]) -> bool:
        flag = flags.get(link["contributor_id"]) or {}
        return not (flag.get("contact_about_outcomes") and flag.get("has_email"))

    # by default, the email of someone who will get one
    people = sorted((link for link in links if link["contributor_id"]), key=emailed_first)
    chosen = next((link for link in people if link["input_id"] == input_id), people[0] if people else None)
    summaries = board_views.summaries(uow.connection, [link["input_id"] for link in links])
    result: dict[str, Any] = {
        "decision": decision, "audience": audience(uow, payload["links"]), "emails": None,
        "people_inputs": [link["input_id"] for link in people],
        "chosen_input": chosen["input_id"] if chosen else None, "summaries": summaries}
    if chosen is None:
        return result
    own = [link for link in people if link["contributor_id"] == chosen["contributor_id"]]
    partner = board_views.partner_names(uow.connection, [chosen["partner_id"]]).get(chosen["partner_id"])
    context = outcome_context(trigger, notification_content(facts, own), summaries,
                              name=None, partner_name=partner, can_reply=True)
    result["emails"] = {fmt: renderer.render_email("en", fmt, "outcome",
                                                   {**context, "unsubscribe_url": unsubscribe_url})
                        for fmt in ACCESSIBLE_FORMATS}
    return result
