"""Outcome answers, and what one contributor was told about one decision, in SQL."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from services.notify.adapters.orm import notifications, outcome_answers


class SqlAnswerRepository:
    def __init__(self, connection: Connection):
        self.connection = connection

    def told_about(self, contributor_id: str, decision_id: str) -> list[dict]:
        """Every notification about this decision to this person, oldest first (whether or not
        it was emailed): trigger, content, created_at, board and partner ids."""
        t = notifications
        rows = self.connection.execute(select(
            t.c.trigger, t.c.content, t.c.created_at, t.c.board_id, t.c.partner_id).where(
            t.c.contributor_id == contributor_id, t.c.decision_id == decision_id)
            .order_by(t.c.created_at, t.c.notification_id)).mappings()
        return [dict(row) for row in rows]

    def get(self, contributor_id: str, decision_id: str) -> dict | None:
        row = self.connection.execute(select(outcome_answers).where(
            outcome_answers.c.contributor_id == contributor_id,
            outcome_answers.c.decision_id == decision_id)).mappings().first()
        return None if row is None else dict(row)

    def save(self, contributor_id: str, decision_id: str, answer: str, comment: str | None,
             answered_at: datetime) -> None:
        key = (outcome_answers.c.contributor_id == contributor_id,
               outcome_answers.c.decision_id == decision_id)
        self.connection.execute(delete(outcome_answers).where(*key))
        self.connection.execute(insert(outcome_answers).values(
            contributor_id=contributor_id, decision_id=decision_id, answer=answer,
            comment=comment, answered_at=answered_at))
