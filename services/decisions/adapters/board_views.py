"""Read-only queries for the board workspace: one input, the filters' choices, failed emails and
the consent flags behind "who will be told". No contact details exist here to be read."""
from __future__ import annotations

from sqlalchemy import Connection, select

from services.decisions.adapters.orm import (
    contributor_consents, decisions, input_topics, inputs, notification_outcomes, partners, programmes,
)
from services.decisions.domain.model import Board


def _visible(query, board: Board):
    return query.where(inputs.c.programme.in_(board.programmes)) if board.programmes else query


def input_detail(connection: Connection, board: Board, input_id: str) -> dict | None:
    row = connection.execute(_visible(
        select(inputs, partners.c.name.label("partner_name"))
        .outerjoin(partners, partners.c.partner_id == inputs.c.partner_id)
        .where(inputs.c.input_id == input_id), board)).first()
    if row is None:
        return None
    detail = dict(row._mapping)
    detail["topics"] = list(connection.execute(select(input_topics.c.topic).where(
        input_topics.c.input_id == input_id).order_by(input_topics.c.topic)).scalars())
    return detail


def summaries(connection: Connection, input_ids: list[str]) -> dict[str, str]:
    return dict(connection.execute(select(inputs.c.input_id, inputs.c.summary).where(
        inputs.c.input_id.in_(sorted(set(input_ids))))).all())


def programmes_of(connection: Connection, board: Board) -> list[dict]:
    """The registered programmes the board covers (every one, for a board registered before
    programmes were), by name, each with its status (open or closed)."""
    query = select(programmes.c.name, programmes.c.status).order_by(programmes.c.name)
    if board.programmes:
        query = query.where(programmes.c.name.in_(board.programmes))
    return [dict(row._mapping) for row in connection.execute(query)]


def partners_of(connection: Connection, board: Board) -> list[dict]:
    """Partners that gave input the board can see, by name."""
    ids = _visible(select(inputs.c.partner_id).distinct(), board)
    return [dict(r._mapping) for r in connection.execute(
        select(partners.c.partner_id, partners.c.name).where(partners.c.partner_id.in_(ids))
        .order_by(partners.c.name, partners.c.partner_id))]


def partner_names(connection: Connection, partner_ids: list[str]) -> dict[str, str]:
    return dict(connection.execute(select(partners.c.partner_id, partners.c.name).where(
        partners.c.partner_id.in_(sorted(set(partner_ids))))).all())


def consent_flags(connection: Connection, contributor_ids: list[str]) -> dict[str, dict]:
    rows = connection.execute(select(
        contributor_consents.c.contributor_id, contributor_consents.c.contact_about_outcomes,
        contributor_consents.c.has_email, contributor_consents.c.accessible_format,
        contributor_consents.c.email_frequency).where(
        contributor_consents.c.contributor_id.in_(sorted(set(contributor_ids)))))
    return {r.contributor_id: dict(r._mapping) for r in rows}


def failed_notifications(connection: Connection, board_id: str, limit: int) -> list[dict]:
    """The board's emails that could not be delivered, newest first, with the decision's title."""
    rows = connection.execute(
        select(notification_outcomes.c.notification_id, notification_outcomes.c.decision_id,
               notification_outcomes.c.trigger, notification_outcomes.c.reason,
               notification_outcomes.c.at, notification_outcomes.c.input_ids,
               decisions.c.title)
        .outerjoin(decisions, decisions.c.decision_id == notification_outcomes.c.decision_id)
        .where(notification_outcomes.c.board_id == board_id,
               notification_outcomes.c.status == "failed")
        .order_by(notification_outcomes.c.at.desc(), notification_outcomes.c.notification_id)
        .limit(limit))
    return [dict(r._mapping) for r in rows]
