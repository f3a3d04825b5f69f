"""Decisions, their links, revisions and progress timeline in SQL."""
from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Connection, delete, insert, select, update

from services.decisions.adapters.orm import (
    decision_links, decision_revisions, decisions, progress_entries, revision_links,
)
from services.decisions.adapters.repository import DecisionRepository
from services.decisions.domain.model import Correction, Decision, Link, ProgressEntry, Revision

DECISION_FIELDS = ("decision_id", "board_id", "programme", "title", "summary", "rationale",
                   "decided_on", "review_on", "created_at", "status", "published_at",
                   "no_input_considered", "revision")


def decision_from_row(row) -> Decision:
    return Decision(**{name: getattr(row, name) for name in DECISION_FIELDS})


class SqlDecisionRepository(DecisionRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, decision: Decision) -> None:
        self.connection.execute(insert(decisions).values(
            **{name: getattr(decision, name) for name in DECISION_FIELDS}))

    def get(self, board_id: str, decision_id: str, *, for_update: bool = False) -> Decision | None:
        query = select(decisions).where(decisions.c.decision_id == decision_id,
                                        decisions.c.board_id == board_id)
        # FOR UPDATE serialises writers of one decision on PostgreSQL; SQLite's BEGIN IMMEDIATE
        # already serialises every writer.
        row = self.connection.execute(query.with_for_update() if for_update else query).first()
        if row is None:
            return None
        decision = decision_from_row(row)
        decision.links = {link.input_id: link for link in self._links(decision_id)}
        decision.revisions = self._revisions(decision_id)
        decision.timeline = [ProgressEntry(**r._mapping) for r in self.connection.execute(
            select(*(progress_entries.c[n] for n in ProgressEntry.__dataclass_fields__))
            .where(progress_entries.c.decision_id == decision_id)
            .order_by(progress_entries.c.sequence))]
        return decision

    def _links(self, decision_id: str) -> list[Link]:
        rows = self.connection.execute(
            select(decision_links).where(decision_links.c.decision_id == decision_id)
            .order_by(decision_links.c.linked_at, decision_links.c.input_id))
        return [Link(r.input_id, r.influence, r.explanation, r.linked_at) for r in rows]

    def _revisions(self, decision_id: str) -> list[Revision]:
        links: dict[int, list[Link]] = {}
        for r in self.connection.execute(
                select(revision_links).where(revision_links.c.decision_id == decision_id)
                .order_by(revision_links.c.revision, revision_links.c.input_id)):
            links.setdefault(r.revision, []).append(Link(r.input_id, r.influence, r.explanation))
        rows = self.connection.execute(
            select(decision_revisions).where(decision_revisions.c.decision_id == decision_id)
            .order_by(decision_revisions.c.revision))
        return [Revision(r.revision, r.reason, r.created_at, tuple(links.get(r.revision, ())),
                         tuple(r.changed_input_ids), r.no_input_considered,
                         tuple(Correction(**c) for c in r.corrections or ())) for r in rows]

    def save_links(self, decision_id: str, links: list[Link]) -> None:
        ids = [link.input_id for link in links]
        self.connection.execute(delete(decision_links).where(
            decision_links.c.decision_id == decision_id, decision_links.c.input_id.in_(ids)))
        if links:
            self.connection.execute(insert(decision_links), [
                {"decision_id": decision_id, "input_id": link.input_id, "influence": link.influence,
                 "explanation": link.explanation, "linked_at": link.linked_at} for link in links])

    def remove_link(self, decision_id: str, input_id: str) -> None:
        self.connection.execute(delete(decision_links).where(
            decision_links.c.decision_id == decision_id, decision_links.c.input_id == input_id))

    def update_draft(self, decision: Decision) -> None:
        self.connection.execute(update(decisions).where(
            decisions.c.decision_id == decision.decision_id, decisions.c.status == "draft").values(
            programme=decision.programme, title=decision.title, summary=decision.summary,
            rationale=decision.rationale, decided_on=decision.decided_on,
            review_on=decision.review_on))

    def delete_draft(self, decision_id: str) -> None:
        self.connection.execute(delete(decision_links).where(
            decision_links.c.decision_id == decision_id))
        self.connection.execute(delete(decisions).where(
            decisions.c.decision_id == decision_id, decisions.c.status == "draft"))

    def mark_published(self, decision: Decision) -> None:
        self.connection.execute(update(decisions).where(
            decisions.c.decision_id == decision.decision_id).values(
            status=decision.status, published_at=decision.published_at,
            no_input_considered=decision.no_input_considered, revision=decision.revision))

    def add_revision(self, decision_id: str, revision: Revision) -> None:
        self.connection.execute(insert(decision_revisions).values(
            decision_id=decision_id, revision=revision.number, reason=revision.reason,
            no_input_considered=revision.no_input_considered,
            changed_input_ids=list(revision.changed_input_ids), created_at=revision.created_at,
            corrections=[asdict(c) for c in revision.corrections] or None))
        if revision.links:
            self.connection.execute(insert(revision_links), [
                {"decision_id": decision_id, "revision": revision.number, "input_id": link.input_id,
                 "influence": link.influence, "explanation": link.explanation}
                for link in revision.links])
        self.connection.execute(update(decisions).where(decisions.c.decision_id == decision_id)
                                .values(revision=revision.number,
                                        **{c.field: c.after for c in revision.corrections}))
        # the revision's set becomes the current one (each link keeps the time it was written)
        self.connection.execute(delete(decision_links).where(decision_links.c.decision_id == decision_id))
        self.save_links(decision_id, list(revision.links))

    def add_progress(self, decision_id: str, entry: ProgressEntry) -> None:
        self.connection.execute(insert(progress_entries).values(
            decision_id=decision_id, **{n: getattr(entry, n) for n in ProgressEntry.__dataclass_fields__}))
