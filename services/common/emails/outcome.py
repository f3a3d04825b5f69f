"""The context an outcome email is rendered from, built the same way for sending and previewing."""
from __future__ import annotations

from typing import Any

ACCESSIBLE_FORMATS = ("standard", "easy_read", "large_print")


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
