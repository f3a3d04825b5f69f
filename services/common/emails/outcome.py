"""The context an outcome email is rendered from, built the same way for sending and previewing."""
from __future__ import annotations

from typing import Any

ACCESSIBLE_FORMATS = ("standard", "easy_read", "large_print")


def outcome_context(trigger: str, content: dict[str, Any], summaries: dict[str, str], *,
                    name: str | None, partner_name: str | None, can_reply: bool) -> dict[str, Any]:
    """`content` is a notification's content: the decision's facts plus this person's links.

    `summaries` maps input ids to the summary the person gave, so the email can say "you told us".
    """
    items = [{**link, "summary": summaries.get(link["input_id"])} for link in content["links"]]
    return {
        "trigger": trigger, "name": name,
        "decision": {k: v for k, v in content.items() if k != "links"}, "items": items,
        "partner_name": partner_name, "can_reply": can_reply,
    }
