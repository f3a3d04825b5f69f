"""Contributors' answers and questions for their partner, in SQL."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, tuple_, update

from services.intake.adapters.orm import contributor_answers as answers
from services.intake.adapters.orm import contributors, outcomes

ORDER = (answers.c.answered_at, answers.c.decision_id, answers.c.contributor_id)


class SqlAnswerStore:
    def __init__(self, connection: Connection):
        self.connection = connection

    def record(self, decision_id: str, contributor_id: str, answer: str, comment: str | None,
               answered_at: datetime) -> bool:
        """Keep the latest answer of one of our contributors; False if the person is not ours."""
        owner = self.connection.execute(select(contributors.c.partner_id).where(
            contributors.c.contributor_id == contributor_id)).scalar()
        if owner is None:
            return False
        key = (answers.c.decision_id == decision_id, answers.c.contributor_id == contributor_id)
        stored = self.connection.execute(select(answers.c.answered_at).where(*key)).scalar()
        values = {"answer": answer, "comment": comment, "answered_at": answered_at}
        if stored is None:
            self.connection.execute(insert(answers).values(
                decision_id=decision_id, contributor_id=contributor_id, partner_id=owner, **values))
        elif answered_at > stored:
            self.connection.execute(update(answers).where(*key).values(**values))
        return True

    def page(self, partner_id: str, after: tuple | None, limit: int, *,
             questions_only: bool = False) -> list[dict]:
        """Newest last, strictly after `after`; with the decision's title where intake knows it."""
        title = (select(outcomes.c.decision_title).where(outcomes.c.decision_id == answers.c.decision_id)
                 .where(outcomes.c.decision_title.is_not(None)).limit(1).scalar_subquery())
        query = (select(answers, contributors.c.preferred_name, title.label("decision_title"))
                 .join(contributors, contributors.c.contributor_id == answers.c.contributor_id)
                 .where(answers.c.partner_id == partner_id).order_by(*ORDER).limit(limit))
        if questions_only:
            query = query.where(answers.c.comment.is_not(None))
        if after is not None:
            query = query.where(tuple_(*ORDER) > tuple(after))
        return [dict(row) for row in self.connection.execute(query).mappings()]
