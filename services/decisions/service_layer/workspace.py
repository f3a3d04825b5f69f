"""What the board workspace reads: the queue with its count and choices, one input, a board's
dashboard. The same queries as the API's queue and the public board page, never a second copy."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from services.decisions.adapters import board_views, views
from services.decisions.domain.errors import NotFound
from services.decisions.domain.rules import age_in_days
from services.decisions.service_layer import public_pages
from services.decisions.service_layer.boards import board_of
from services.decisions.service_layer.queries import board_queue, board_queue_total
from services.decisions.service_layer.unit_of_work import UnitOfWork

FAILED_SHOWN = 20


def queue_with_count(uow: UnitOfWork, board_id: str, filters: views.QueueFilters,
                     after: tuple[datetime, str] | None,
                     limit: int, now: datetime) -> dict[str, Any]:
    """One page (limit + 1 rows, as the API reads them) and how many match over every page."""
    board = board_of(uow, board_id)
    rows = board_queue(uow, board_id, filters, after, limit + 1, now)
    return {"rows": rows[:limit], "more": len(rows) > limit,
            "count": board_queue_total(uow, board_id, filters, now),
            "due_days": board.outcome_due_days}


def filter_choices(uow: UnitOfWork, board_id: str) -> dict[str, Any]:
    board = board_of(uow, board_id)
    return {"programmes": board_views.programmes_of(uow.connection, board),
            "partners": board_views.partners_of(uow.connection, board)}


def input_for_board(uow: UnitOfWork, board_id: str, input_id: str, now: datetime) -> dict[str, Any]:
    """One input the board may see (NotFound for any other), with its age."""
    board = board_of(uow, board_id)
    detail = board_views.input_detail(uow.connection, board, input_id)
    if detail is None:
        raise NotFound("No such input.")
    detail["age_days"] = age_in_days(detail["submitted_at"], now)
    detail["overdue"] = (detail["age_days"] > board.outcome_due_days
                         and detail["first_outcome_published_at"] is None)
    return detail


def drafts(uow: UnitOfWork, board_id: str, limit: int = 100) -> list[dict[str, Any]]:
    return views.decisions_page(uow.connection, board_id, None, "draft", None, limit)


def dashboard(uow_factory: Callable[[], UnitOfWork], engine: Engine, board_id: str, now: datetime) -> dict[str, Any]:
    """The public board page's figures, the oldest overdue input, drafts and failed emails.
    The figures are read outside the unit of work: they use connections of their own."""
    with uow_factory() as uow:
        board = board_of(uow, board_id)
        overdue = board_queue(uow, board_id,
                              views.QueueFilters(older_than_days=board.outcome_due_days), None, 5, now)
        shown = {"board": board, "overdue": overdue, "drafts": drafts(uow, board_id),
                 "failed": board_views.failed_notifications(uow.connection, board_id, FAILED_SHOWN)}
    shown["figures"] = public_pages.board_page(engine, board.slug)["figures"]
    return shown
