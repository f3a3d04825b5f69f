"""The contributor's outcome page and their answer back. Reached by a signed link, no account."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from services.common.contracts.registry import contract_for
from services.notify.domain.answers import ANSWERS, comment_problems
from services.notify.service_layer.unit_of_work import AnswerUnitOfWork

OUTCOME_ANSWERED = contract_for("notify", "outcome-answered", 1)


class NothingToShow(Exception):
    """No notification about this decision was ever made for this person (or they were erased)."""


class CommentRefused(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def outcome_page(uow: AnswerUnitOfWork, contributor_id: str, decision_id: str) -> dict[str, Any]:
    """What the person told the partner, what was decided, how each input was used and why,
    progress and later revisions, oldest first; and their answer so far."""
    told = uow.answers.told_about(contributor_id, decision_id)
    if not told:
        raise NothingToShow(decision_id)
    latest_links: dict[str, dict[str, Any]] = {}
    updates: list[dict[str, Any]] = []
    for entry in told:
        content = entry["content"]
        for link in content["links"]:
            latest_links[link["input_id"]] = link
        if entry["trigger"] != "published":
            updates.append({"trigger": entry["trigger"], "at": entry["created_at"],
                            **{k: content.get(k) for k in ("status", "percent", "note",
                                                           "revision_reason")}})
    summaries = uow.inputs.summaries(sorted(latest_links))
    decision = {k: v for k, v in told[-1]["content"].items() if k != "links"}
    return {"decision": decision, "updates": updates,
            "items": [{**link, "summary": summaries.get(input_id)}
                      for input_id, link in sorted(latest_links.items())],
            "answer": uow.answers.get(contributor_id, decision_id)}


def record_answer(uow: AnswerUnitOfWork, contributor_id: str, decision_id: str, answer: str, comment: str | None,
                  now: datetime) -> None:
    """One answer per person per decision; a new one replaces it. Publishes it (ids, the answer
    and the screened comment) for decisions' counts and the partner."""
    if answer not in ANSWERS:
        raise ValueError(answer)
    comment = (comment or "").strip() or None
    problems = comment_problems(comment)
    if problems:
        raise CommentRefused(problems)
    told = uow.answers.told_about(contributor_id, decision_id)
    if not told:
        raise NothingToShow(decision_id)
    uow.answers.save(contributor_id, decision_id, answer, comment, now)
    uow.publish(OUTCOME_ANSWERED, {
        "decision_id": decision_id, "board_id": told[-1]["board_id"],
        "partner_id": told[-1]["partner_id"], "contributor_id": contributor_id, "answer": answer,
        "comment": comment, "answered_at": now})
    uow.commit()
