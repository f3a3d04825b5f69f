"""Read-only queries behind the lists: a board's queue of input and its decisions."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, func, or_, select

from services.decisions.adapters.orm import (
    decision_links, decisions, input_topics, inputs, partners,
)
from services.decisions.adapters.read_model_sql import current_claim_exists
from services.decisions.domain.model import Board


@dataclass(frozen=True)
class QueueFilters:
    programme: str | None = None
    topic: str | None = None
    participation_level: str | None = None
    older_than_days: int | None = None
    partner_id: str | None = None
    text: str | None = None  # words the summary contains, in any case


def _queue_where(query, board: Board, filters: QueueFilters, now: datetime):
    query = query.where(inputs.c.withdrawn_at.is_(None), ~current_claim_exists(inputs.c.input_id))
    if board.programmes:
        query = query.where(inputs.c.programme.in_(board.programmes))
    if filters.programme:
        query = query.where(inputs.c.programme == filters.programme)
    if filters.participation_level:
        query = query.where(inputs.c.participation_level == filters.participation_level)
    if filters.older_than_days is not None:
        query = query.where(inputs.c.submitted_at < now - timedelta(days=filters.older_than_days))
    if filters.topic:
        query = query.where(select(input_topics.c.input_id).where(
            input_topics.c.input_id == inputs.c.input_id,
            input_topics.c.topic == filters.topic).exists())
    if filters.partner_id:
        query = query.where(inputs.c.partner_id == filters.partner_id)
    if filters.text and filters.text.strip():
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", filters.text.strip().lower()) + "%"
        query = query.where(func.lower(inputs.c.summary).like(pattern, escape="\\"))
    return query


def queue_count(connection: Connection, board: Board, filters: QueueFilters, now: datetime) -> int:
    """How many inputs match the filters, over every page."""
    query = _queue_where(select(func.count()).select_from(inputs), board, filters, now)
    return connection.execute(query).scalar_one()


def queue_page(connection: Connection, board: Board, filters: QueueFilters, after: tuple | None,
               limit: int, now: datetime) -> list[dict]:
    """Input the board can see, not withdrawn, with no current published outcome; oldest first.
    `after` is the (submitted_at, input_id) of the last row of the previous page."""
    query = _queue_where(select(inputs, partners.c.name.label("partner_name"))
                         .outerjoin(partners, partners.c.partner_id == inputs.c.partner_id),
                         board, filters, now)
    if after is not None:
        submitted_at, input_id = after
        query = query.where(or_(inputs.c.submitted_at > submitted_at,
                                and_(inputs.c.submitted_at == submitted_at,
                                     inputs.c.input_id > input_id)))
    rows = [dict(r._mapping) for r in connection.execute(
        query.order_by(inputs.c.submitted_at, inputs.c.input_id).limit(limit))]
    topics: dict[str, list[str]] = {}
    for r in connection.execute(select(input_topics).where(
            input_topics.c.input_id.in_([row["input_id"] for row in rows]))
            .order_by(input_topics.c.topic)):
        topics.setdefault(r.input_id, []).append(r.topic)
    for row in rows:
        row["topics"] = topics.get(row["input_id"], [])
    return rows


def decisions_page(connection: Connection, board_id: str, programme: str | None,
                   status: str | None, after: tuple | None, limit: int) -> list[dict]:
    """The board's decisions, newest first. `after` is (created_at, decision_id) of the last row."""
    link_count = (select(func.count()).select_from(decision_links)
                  .where(decision_links.c.decision_id == decisions.c.decision_id)
                  .scalar_subquery().label("link_count"))
    query = select(decisions, link_count).where(*_board_decisions(board_id, programme, status))
    if after is not None:
        created_at, decision_id = after
        query = query.where(or_(decisions.c.created_at < created_at,
                                and_(decisions.c.created_at == created_at,
                                     decisions.c.decision_id < decision_id)))
    order = (decisions.c.created_at.desc(), decisions.c.decision_id.desc())
    return [dict(r._mapping) for r in connection.execute(query.order_by(*order).limit(limit))]


def decisions_count(connection: Connection, board_id: str, programme: str | None, status: str | None) -> int:
    """How many decisions decisions_page gives over every page."""
    return connection.execute(select(func.count()).select_from(decisions)
                              .where(*_board_decisions(board_id, programme, status))).scalar_one()


def _board_decisions(board_id: str, programme: str | None, status: str | None) -> list:
    conditions = [decisions.c.board_id == board_id]
    if programme:
        conditions.append(decisions.c.programme == programme)
    if status:
        conditions.append(decisions.c.status == status)
    return conditions
