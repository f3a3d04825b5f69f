"""Answer counts for a board: how the people whose input a decision cites feel it was used."""
from __future__ import annotations

from typing import Any

from services.decisions.adapters import public_sql
from services.decisions.domain.answers import MIN_GROUP, shown_counts
from services.decisions.domain.errors import NotFound
from services.decisions.service_layer.unit_of_work import UnitOfWork


def decision_answers(uow: UnitOfWork, board_id: str, decision_id: str) -> dict[str, Any]:
    """The counts, with the same minimum group as the public pages: a board must not be able to
    tell how one person answered either."""
    if uow.decisions.get(board_id, decision_id) is None:
        raise NotFound("No such decision.")
    counts = public_sql.answer_counts(uow.connection, decision_ids=[decision_id]).get(decision_id, {})
    return {"decision_id": decision_id, "minimum_group": MIN_GROUP, "counts": shown_counts(counts)}
