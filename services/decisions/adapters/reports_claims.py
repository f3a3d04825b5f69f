"""Figures over published claims and notifications, for the input a filter selects."""
from __future__ import annotations

from sqlalchemy import Connection, and_, case, func, select

from services.common.contracts.events.common import INFLUENCES
from services.decisions.adapters.orm import (
    inputs, notification_inputs, notification_outcomes, outcome_links, outcomes,
)
from services.decisions.adapters.reports_sql import RECEIVED

SHAPING = ("adopted", "adapted")
# when one notification has two outcomes at the same instant, the one that closed the loop wins
STATUS_RANK = case((notification_inputs.c.status == "sent", 0),
                   (notification_inputs.c.status == "suppressed", 1), else_=2)
# a claim is current while its revision is its decision's latest: a revised claim counts once
CURRENT_CLAIMS = outcome_links.join(outcomes, and_(
    outcomes.c.decision_id == outcome_links.c.decision_id,
    outcomes.c.revision == outcome_links.c.revision))


def _of_board(board_id: str | None) -> list:
    return [] if board_id is None else [outcomes.c.board_id == board_id]


def influence_and_shaping(connection: Connection, where: list,
                          board_id: str | None) -> tuple[dict[str, int], dict[str, int]]:
    """The influence of current claims of published decisions (of the board, if given) on received
    input; and the participation level of the input with at least one adopted or adapted claim."""
    influence = outcome_links.c.influence
    query = (select(inputs.c.participation_level.label("level"), *[
        func.count(case((influence == name, 1))).label(name) for name in INFLUENCES],
        func.count(case((influence.in_(SHAPING), outcome_links.c.input_id)).distinct()).label("shaping"))
        .select_from(CURRENT_CLAIMS.join(inputs, inputs.c.input_id == outcome_links.c.input_id))
        .where(RECEIVED, *where, *_of_board(board_id)).group_by(inputs.c.participation_level))
    rows = connection.execute(query).all()
    return ({name: sum(r._mapping[name] for r in rows) for name in INFLUENCES},
            {r.level: r.shaping for r in rows})


def notification_statuses(connection: Connection, where: list, board_id: str | None) -> dict[str, int]:
    """Distinct notifications about received input (from the board, if given), counted by their
    latest status."""
    source = notification_inputs.join(inputs, inputs.c.input_id == notification_inputs.c.input_id)
    of_board = []
    if board_id is not None:
        source = source.join(notification_outcomes, and_(
            notification_outcomes.c.notification_id == notification_inputs.c.notification_id,
            notification_outcomes.c.status == notification_inputs.c.status))
        of_board = [notification_outcomes.c.board_id == board_id]
    ranked = (select(notification_inputs.c.status, func.row_number().over(
        partition_by=notification_inputs.c.notification_id,
        order_by=(notification_inputs.c.at.desc(), STATUS_RANK)).label("latest"))
        .select_from(source).where(RECEIVED, *where, *of_board).subquery())
    query = (select(ranked.c.status, func.count()).where(ranked.c.latest == 1)
             .group_by(ranked.c.status))
    return dict(connection.execute(query).all())
