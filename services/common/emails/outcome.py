"""The context an outcome email is rendered from, built the same way for sending and previewing."""
from __future__ import annotations

from typing import Any

ACCESSIBLE_FORMATS = ("standard", "easy_read", "large_print")
TRIGGERS = {"outcome-published": "published", "outcome-revised": "revised",
            "progress-updated": "progress"}
OWN_LINK_FIELDS = ("input_id", "influence", "explanation", "changed")


def event_content(event_type: str, payload: dict[str, Any]) -> tuple[str, str, dict[str, Any], list[dict[str, Any]]]:
    """What an outcome event says, as notify stores it: (trigger, trigger_ref, the facts every
    email about it shows (JSON-ready), its links marked `changed`). Decisions' preview builds a
    draft's would-be event payload and reads it through this same function."""
    trigger = TRIGGERS[event_type]
    facts = {name: str(payload[name]) for name in
             ("title", "summary", "rationale", "programme", "board_name", "decided_on", "public_url")}
    if trigger == "progress":
        trigger_ref, occurred_at = f"progress-{payload['entry_id']}", payload["recorded_at"]
        facts.update({name: payload[name] for name in ("status", "previous_status", "percent", "note")})
    else:
        trigger_ref = f"revision-{payload['revision']}"
        occurred_at = payload["published_at" if trigger == "published" else "revised_at"]
        facts["revision"] = payload["revision"]
        if trigger == "revised":
            facts["revision_reason"] = payload["reason"]
    facts["occurred_at"] = occurred_at.isoformat()
    changed = {str(i) for i in payload.get("changed_input_ids", ())}
    links = [{"input_id": str(link["input_id"]), "partner_id": str(link["partner_id"]),
              "contributor_id": None if link["contributor_id"] is None else str(link["contributor_id"]),
              "influence": link["influence"], "explanation": link["explanation"],
              "changed": str(link["input_id"]) in changed}
             for link in payload["links"]]
    return trigger, trigger_ref, facts, links


def notification_content(facts: dict[str, Any], links: list[dict[str, Any]]) -> dict[str, Any]:
    """One person's notification content: the event's facts and that person's own links."""
    return {**facts, "links": [{k: link[k] for k in OWN_LINK_FIELDS} for link in links]}


ANSWER_QUESTION = ("Open one of these links and press the button to tell us. Your answer is "
                   "counted with others; only groups of five or more are ever shown.")


def outcome_context(trigger: str, content: dict[str, Any], summaries: dict[str, str], *,
                    name: str | None, partner_name: str | None, can_reply: bool,
                    outcome_url: str | None = None,
                    answer_urls: dict[str, str] | None = None) -> dict[str, Any]:
    """`content` is a notification's content: the decision's facts plus this person's links.

    `summaries` maps input ids to the summary the person gave, so the email can say "you told us".
    `outcome_url` is the person's own outcome page and `answer_urls` one link per answer (yes,
    partly, no); a preview leaves them out and the email then says nothing about answering.
    """
    items = [{**link, "summary": summaries.get(link["input_id"])} for link in content["links"]]
    return {
        "trigger": trigger, "name": name,
        "decision": {k: v for k, v in content.items() if k != "links"}, "items": items,
        "partner_name": partner_name, "can_reply": can_reply,
        "outcome_url": outcome_url, "answer_urls": answer_urls or {}, "say_answer": ANSWER_QUESTION,
    }
