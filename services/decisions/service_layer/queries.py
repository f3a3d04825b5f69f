"""What the API shows: a decision with its whole history, lists, and a board's queue."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from services.decisions.adapters import views
from services.decisions.domain.model import Decision
from services.decisions.domain.rules import age_in_days
from services.decisions.service_layer.boards import board_of
from services.decisions.service_layer.decisions import decision_of
from services.decisions.service_layer.events import public_url
from services.decisions.service_layer.unit_of_work import UnitOfWork


def describe_decision(uow: UnitOfWork, decision: Decision, public_base_url: str) -> dict[str, Any]:
    refs = uow.inputs.refs(list(decision.links))
    latest = decision.latest_progress()
    return {
        **{k: v for k, v in asdict(decision).items() if k not in ("links", "revisions", "timeline")},
        "public_url": None if decision.is_draft else public_url(public_base_url, decision.decision_id),
        "progress": None if latest is None else {"status": latest.status, "percent": latest.percent},
        "links": [{**asdict(decision.links[k]),
                   "input_withdrawn": k not in refs or refs[k].withdrawn}
                  for k in sorted(decision.links)],
        "revisions": [asdict(revision) for revision in decision.revisions],
        "timeline": [asdict(entry) for entry in decision.timeline],
    }


def get_decision(uow: UnitOfWork, board_id: str, decision_id: str, public_base_url: str) -> dict[str, Any]:
    return describe_decision(uow, decision_of(uow, board_id, decision_id), public_base_url)


def list_decisions(uow: UnitOfWork, board_id: str, *, programme: str | None, status: str | None,
                   after: tuple[Any, ...] | None, limit: int) -> list[dict[str, Any]]:
    return views.decisions_page(uow.connection, board_id, programme, status, after, limit)


def count_decisions(uow: UnitOfWork, board_id: str, *, programme: str | None, status: str | None) -> int:
    return views.decisions_count(uow.connection, board_id, programme, status)


def board_queue(uow: UnitOfWork, board_id: str, filters: views.QueueFilters, after: tuple[Any, ...] | None, limit: int,
                now: datetime) -> list[dict[str, Any]]:
    board = board_of(uow, board_id)
    rows = views.queue_page(uow.connection, board, filters, after, limit, now)
    for row in rows:
        row["age_days"] = age_in_days(row["submitted_at"], now)
        row["overdue"] = row["age_days"] > board.outcome_due_days
    return rows


def board_queue_total(uow: UnitOfWork, board_id: str, filters: views.QueueFilters, now: datetime) -> int:
    """How many inputs match `filters` in the board's queue, on every page together."""
    return views.queue_count(uow.connection, board_of(uow, board_id), filters, now)
