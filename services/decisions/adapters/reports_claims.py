"""Figures over published claims and notifications, for the input a filter selects."""
from __future__ import annotations

from sqlalchemy import Connection, and_, case, func, select

from services.decisions.adapters.orm import (
    inputs, notification_inputs, notification_outcomes, outcome_links, outcomes,
)
from services.decisions.adapters.reports_sql import RECEIVED

SHAPING = ("adopted", "adapted")
# when one notification has two outcomes at the same instant, the one that closed the loop wins
STATUS_RANK = case((notification_outcomes.c.status == "sent", 0),
                   (notification_outcomes.c.status == "suppressed", 1), else_=2)
# a claim is current while its revision is its decision's latest: a revised claim counts once
CURRENT_CLAIMS = outcome_links.join(outcomes, and_(
    outcomes.c.decision_id == outcome_links.c.decision_id,
    outcomes.c.revision == outcome_links.c.revision))


def _of_board(board_id: str | None) -> list:
    return [] if board_id is None else [outcomes.c.board_id == board_id]


def influence_mix(connection: Connection, where: list, board_id: str | None) -> dict[str, int]:
    """Current claims of published decisions (of the board, if given) on received input."""
    query = (select(outcome_links.c.influence, func.count())
             .select_from(CURRENT_CLAIMS.join(inputs, inputs.c.input_id == outcome_links.c.input_id))
             .where(RECEIVED, *where, *_of_board(board_id)).group_by(outcome_links.c.influence))
    return dict(connection.execute(query).all())


def shaping_levels(connection: Connection, where: list, board_id: str | None) -> dict[str, int]:
    """Participation level of received input with a current adopted or adapted claim."""
    shaped = (select(outcome_links.c.input_id).select_from(CURRENT_CLAIMS)
              .where(outcome_links.c.input_id == inputs.c.input_id,
                     outcome_links.c.influence.in_(SHAPING), *_of_board(board_id)).exists())
    query = (select(inputs.c.participation_level, func.count())
             .where(RECEIVED, *where, shaped).group_by(inputs.c.participation_level))
    return dict(connection.execute(query).all())


def notification_statuses(connection: Connection, where: list, board_id: str | None) -> dict[str, int]:
    """Distinct notifications about received input, counted by their latest status."""
    about = (select(notification_inputs.c.notification_id)
             .join(inputs, inputs.c.input_id == notification_inputs.c.input_id)
             .where(RECEIVED, *where))
    ranked = (select(notification_outcomes.c.status, func.row_number().over(
        partition_by=notification_outcomes.c.notification_id,
        order_by=(notification_outcomes.c.at.desc(), STATUS_RANK)).label("latest"))
        .where(notification_outcomes.c.notification_id.in_(about),
               *([] if board_id is None else [notification_outcomes.c.board_id == board_id]))
        .subquery())
    query = (select(ranked.c.status, func.count()).where(ranked.c.latest == 1)
             .group_by(ranked.c.status))
    return dict(connection.execute(query).all())
