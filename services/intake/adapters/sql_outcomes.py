"""What decisions said about each input, and whether its contributor was told, in SQL."""
from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from services.intake.adapters.orm import outcomes
from services.intake.adapters.repositories import OutcomeRepository
from services.intake.domain.outcomes import DecisionFacts, Outcome

# columns that map one to one onto Outcome attributes
_OWN_COLUMNS = ("cited", "influence", "explanation", "notification_status", "notification_at",
                "notification_detail", "told_at", "relayed_at", "relay_how")
# column -> DecisionFacts attribute
_FACTS = {"revision": "revision", "decision_title": "title", "board_id": "board_id",
          "board_name": "board_name", "decided_on": "decided_on", "published_at": "published_at",
          "revised_at": "revised_at", "public_url": "public_url"}


class SqlOutcomeRepository(OutcomeRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def get(self, decision_id: str, input_id: str) -> Outcome | None:
        found = self._select(outcomes.c.decision_id == decision_id, outcomes.c.input_id == input_id)
        return found[0] if found else None

    def save(self, outcome: Outcome) -> None:
        key = (outcomes.c.decision_id == outcome.decision_id, outcomes.c.input_id == outcome.input_id)
        self.connection.execute(delete(outcomes).where(*key))
        self.connection.execute(insert(outcomes).values(**_row(outcome)))

    def for_decision(self, decision_id: str) -> list[Outcome]:
        return self._select(outcomes.c.decision_id == decision_id)

    def for_input(self, input_id: str) -> list[Outcome]:
        return self._select(outcomes.c.input_id == input_id)

    def _select(self, *conditions) -> list[Outcome]:
        rows = self.connection.execute(select(outcomes).where(*conditions).order_by(
            outcomes.c.published_at, outcomes.c.decision_id)).mappings().all()
        return [_outcome(row) for row in rows]


def _row(outcome: Outcome) -> dict:
    facts = outcome.facts
    return {"decision_id": outcome.decision_id, "input_id": outcome.input_id,
            **{name: getattr(outcome, name) for name in _OWN_COLUMNS},
            **{column: getattr(facts, name) if facts else None for column, name in _FACTS.items()}}


def _outcome(row) -> Outcome:
    facts = None
    if row["revision"] is not None:
        facts = DecisionFacts(decision_id=row["decision_id"],
                              **{name: row[column] for column, name in _FACTS.items()})
    return Outcome(decision_id=row["decision_id"], input_id=row["input_id"], facts=facts,
                   **{name: row[name] for name in _OWN_COLUMNS})
