"""Inputs, their topics and status history, in SQL."""
from __future__ import annotations

import builtins
from collections import defaultdict
from dataclasses import fields
from datetime import datetime

from sqlalchemy import Connection, and_, func, insert, or_, select, update

from services.intake.adapters.orm import input_status_history, input_topics, inputs
from services.intake.adapters.repositories import InputQuery, InputRepository
from services.intake.domain.inputs import Input
from services.intake.domain.status import WITHDRAWN, StatusChange

_COLUMNS = [f.name for f in fields(Input) if f.name not in ("topics", "status_history")]
_INSERT_INPUT = insert(inputs)
_INSERT_TOPIC = insert(input_topics)
_INSERT_HISTORY = insert(input_status_history)


class SqlInputRepository(InputRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, input_: Input) -> None:
        # parameters, not .values(): building a statement per row showed in the profile
        self.connection.execute(_INSERT_INPUT, {name: getattr(input_, name) for name in _COLUMNS})
        self.connection.execute(_INSERT_TOPIC, [
            {"input_id": input_.input_id, "position": n, "topic": topic}
            for n, topic in enumerate(input_.topics)])
        for change in input_.status_history:
            self._add_history(input_.input_id, change)

    def get_many(self, input_ids: list[str]) -> dict[str, Input]:
        if not input_ids:
            return {}
        rows = self.connection.execute(
            select(inputs).where(inputs.c.input_id.in_(input_ids))).mappings().all()
        return {found.input_id: found for found in self._with_details(rows)}

    def list(self, query: InputQuery, after: tuple[datetime, str] | None, limit: int) -> list[Input]:
        statement = select(inputs).where(*_matching(query))
        if after is not None:
            at, input_id = after
            statement = statement.where(or_(
                inputs.c.submitted_at > at,
                and_(inputs.c.submitted_at == at, inputs.c.input_id > input_id)))
        statement = statement.order_by(inputs.c.submitted_at, inputs.c.input_id).limit(limit)
        return self._with_details(self.connection.execute(statement).mappings().all())

    def count(self, query: InputQuery) -> int:
        return self.connection.execute(
            select(func.count()).select_from(inputs).where(*_matching(query))).scalar_one()

    def move_status(self, input_id: str, expected: str, change: StatusChange,
                    withdrawal_reason: str | None = None) -> bool:
        values: dict[str, object] = {"status": change.status}
        if change.status == WITHDRAWN:
            values.update(withdrawn_at=change.changed_at, withdrawal_reason=withdrawal_reason)
        # Compare-and-set: a concurrent change (API withdraw vs. consumer) makes this a no-op.
        moved = self.connection.execute(update(inputs).where(
            inputs.c.input_id == input_id, inputs.c.status == expected).values(**values))
        if moved.rowcount != 1:
            return False
        self._add_history(input_id, change)
        return True

    def _add_history(self, input_id: str, change: StatusChange) -> None:
        self.connection.execute(_INSERT_HISTORY, {
            "input_id": input_id, "status": change.status, "changed_at": change.changed_at,
            "cause": change.cause})

    def _with_details(self, rows) -> builtins.list[Input]:  # `list` here is the method above
        ids = [row["input_id"] for row in rows]
        if not ids:
            return []
        topics, history = defaultdict(list), defaultdict(list)
        for row in self.connection.execute(select(input_topics).where(
                input_topics.c.input_id.in_(ids)).order_by(input_topics.c.position)):
            topics[row.input_id].append(row.topic)
        for row in self.connection.execute(select(input_status_history).where(
                input_status_history.c.input_id.in_(ids)).order_by(input_status_history.c.id)):
            history[row.input_id].append(StatusChange(row.status, row.changed_at, row.cause))
        return [Input(**row, topics=tuple(topics[row["input_id"]]),
                      status_history=tuple(history[row["input_id"]])) for row in rows]


def _matching(query: InputQuery) -> list:
    """The WHERE conditions of an input list's filters."""
    conditions = []
    if query.partner_id is not None:
        conditions.append(inputs.c.partner_id == query.partner_id)
    if query.programme is not None:
        conditions.append(inputs.c.programme == query.programme)
    if query.status is not None:
        conditions.append(inputs.c.status == query.status)
    if query.since is not None:
        conditions.append(inputs.c.submitted_at >= query.since)
    if query.topic is not None:
        conditions.append(inputs.c.input_id.in_(
            select(input_topics.c.input_id).where(input_topics.c.topic == query.topic)))
    return conditions
