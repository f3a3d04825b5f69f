"""The context a contributor's daily digest is rendered from: the day's news, one section per
decision, each with what the person told us, how it was used now, and what happened that day."""
from __future__ import annotations

from datetime import date
from typing import Any

from services.common.emails.outcome import ANSWER_QUESTION

UPDATE_FIELDS = ("status", "percent", "note", "revision_reason")


def digest_context(day: date, news: list[dict[str, Any]], summaries: dict[str, str], *,
                   name: str | None, partner_name: str | None, can_reply: bool,
                   links_for: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`news`: the carried notifications, oldest first, each {"decision_id", "trigger",
    "content"} (a notification's content). `links_for` maps a decision id to its outcome page
    and answer links ({"outcome_url", "answer_urls"})."""
    sections: dict[str, dict[str, Any]] = {}
    for entry in news:
        content = entry["content"]
        section = sections.setdefault(entry["decision_id"], {
            "updates": [], "links": {}, **links_for[entry["decision_id"]]})
        section["decision"] = {k: v for k, v in content.items() if k != "links"}  # the latest
        for link in content["links"]:
            section["links"][link["input_id"]] = link
        section["updates"].append({"trigger": entry["trigger"],
                                   **{k: content.get(k) for k in UPDATE_FIELDS}})
    decisions = [{**{k: v for k, v in s.items() if k != "links"},
                  "inputs": [{**link, "summary": summaries.get(input_id)}
                            for input_id, link in sorted(s["links"].items())]}
                 for s in sections.values()]
    return {"day": day, "name": name, "partner_name": partner_name, "can_reply": can_reply,
            "decisions": decisions, "news_count": len(news), "say_answer": ANSWER_QUESTION}
