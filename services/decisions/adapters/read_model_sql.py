"""The read model in SQL. Every write is order-independent (earliest time wins, highest revision
wins), so replaying the topics in any interleaving gives the same rows."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, update

from services.common.db.bulk import insert_rows
from services.decisions.adapters.orm import (
    contributor_consents, input_relays, input_topics, input_withdrawals, inputs, notification_inputs,
    notification_outcomes, outcome_answers, outcome_links, outcomes, partners,
)
from services.decisions.adapters.repository import InputRepository, OutcomeFacts
from services.decisions.domain.model import InputRef

# A loop closes only when the person was told: by email (sent) or by their partner (a relay).
# A suppression for these reasons means they did not want to hear: reported apart, never closed.
# "no_email" is neither: the partner still has to tell them, and the loop stays open.
NOT_WANTED_REASONS = ("no_consent", "unsubscribed", "erased")


class SqlInputRepository(InputRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def refs(self, input_ids: list[str]) -> dict[str, InputRef]:
        rows = self.connection.execute(select(
            inputs.c.input_id, inputs.c.partner_id, inputs.c.contributor_id, inputs.c.programme,
            inputs.c.withdrawn_at).where(inputs.c.input_id.in_(input_ids)))
        return {r.input_id: InputRef(r.input_id, r.partner_id, r.contributor_id, r.programme,
                                     r.withdrawn_at is not None) for r in rows}

    # -- intake's events ---------------------------------------------------------------------------
    def record_submitted(self, values: dict, topics: list[str]) -> None:
        input_id = values["input_id"]
        if self.connection.execute(select(inputs.c.input_id).where(inputs.c.input_id == input_id)).first():
            return
        consent = self.connection.execute(select(contributor_consents).where(
            contributor_consents.c.contributor_id == values["contributor_id"])).first()
        if consent is not None and consent.changed_at > values["submitted_at"]:
            values = {**values, "quote_anonymously": consent.quote_anonymously}
        withdrawn_at = self.connection.execute(select(input_withdrawals.c.withdrawn_at).where(
            input_withdrawals.c.input_id == input_id)).scalar()
        first_outcome = self.connection.execute(select(func.min(outcome_links.c.first_published_at))
                                                .where(outcome_links.c.input_id == input_id)).scalar()
        emailed = self.connection.execute(select(func.min(notification_inputs.c.at)).where(
            notification_inputs.c.input_id == input_id, notification_inputs.c.status == "sent")).scalar()
        relayed = self.connection.execute(select(func.min(input_relays.c.relayed_at)).where(
            input_relays.c.input_id == input_id)).scalar()
        closed = min((t for t in (emailed, relayed) if t is not None), default=None)
        not_wanted = self.connection.execute(select(func.min(notification_inputs.c.at)).join(
            notification_outcomes, and_(
                notification_outcomes.c.notification_id == notification_inputs.c.notification_id,
                notification_outcomes.c.status == notification_inputs.c.status)).where(
            notification_inputs.c.input_id == input_id, notification_inputs.c.status == "suppressed",
            notification_outcomes.c.reason.in_(NOT_WANTED_REASONS))).scalar()
        self.connection.execute(insert(inputs).values(
            **values, withdrawn_at=withdrawn_at, first_outcome_published_at=first_outcome,
            closed_at=closed, not_wanted_at=not_wanted))
        self.connection.execute(insert(input_topics), [
            {"input_id": input_id, "topic": topic} for topic in sorted(set(topics))])

    def record_submitted_many(self, items: list[tuple[dict, list[str]]]) -> None:
        """record_submitted for a batch in nine statements, whatever its size: seven reads and
        two inserts (one statement of arrays on PostgreSQL: services/common/db/bulk.py)."""
        ids = [values["input_id"] for values, _ in items]
        known = set(self.connection.execute(
            select(inputs.c.input_id).where(inputs.c.input_id.in_(ids))).scalars())
        people = {v["contributor_id"] for v, _ in items if v["contributor_id"] is not None}
        consents = {r.contributor_id: r for r in self.connection.execute(select(
            contributor_consents).where(contributor_consents.c.contributor_id.in_(people)))}
        withdrawn: dict = dict(self.connection.execute(select(
            input_withdrawals.c.input_id, input_withdrawals.c.withdrawn_at)
            .where(input_withdrawals.c.input_id.in_(ids))).all())
        first_outcomes: dict = dict(self.connection.execute(select(
            outcome_links.c.input_id, func.min(outcome_links.c.first_published_at))
            .where(outcome_links.c.input_id.in_(ids)).group_by(outcome_links.c.input_id)).all())
        emailed: dict = dict(self.connection.execute(select(
            notification_inputs.c.input_id, func.min(notification_inputs.c.at))
            .where(notification_inputs.c.input_id.in_(ids), notification_inputs.c.status == "sent")
            .group_by(notification_inputs.c.input_id)).all())
        relayed: dict = dict(self.connection.execute(select(
            input_relays.c.input_id, func.min(input_relays.c.relayed_at))
            .where(input_relays.c.input_id.in_(ids)).group_by(input_relays.c.input_id)).all())
        not_wanted: dict = dict(self.connection.execute(select(
            notification_inputs.c.input_id, func.min(notification_inputs.c.at)).join(
            notification_outcomes, and_(
                notification_outcomes.c.notification_id == notification_inputs.c.notification_id,
                notification_outcomes.c.status == notification_inputs.c.status)).where(
            notification_inputs.c.input_id.in_(ids), notification_inputs.c.status == "suppressed",
            notification_outcomes.c.reason.in_(NOT_WANTED_REASONS))
            .group_by(notification_inputs.c.input_id)).all())
        rows, topic_rows = [], []
        for values, topics in items:
            input_id = values["input_id"]
            if input_id in known:
                continue
            known.add(input_id)  # the same input twice in a batch: the first wins, as one by one
            consent = consents.get(values["contributor_id"])
            if consent is not None and consent.changed_at > values["submitted_at"]:
                values = {**values, "quote_anonymously": consent.quote_anonymously}
            # as record_submitted: closed only when told, by email or by the partner
            closed = min((t for t in (emailed.get(input_id), relayed.get(input_id)) if t is not None),
                         default=None)
            rows.append({**values, "withdrawn_at": withdrawn.get(input_id),
                         "first_outcome_published_at": first_outcomes.get(input_id),
                         "closed_at": closed, "not_wanted_at": not_wanted.get(input_id)})
            topic_rows += [{"input_id": input_id, "topic": t} for t in sorted(set(topics))]
        insert_rows(self.connection, inputs, rows)
        insert_rows(self.connection, input_topics, topic_rows)

    def record_withdrawn(self, input_id: str, withdrawn_at: datetime) -> None:
        if self.connection.execute(select(input_withdrawals.c.input_id).where(
                input_withdrawals.c.input_id == input_id)).first():
            return
        self.connection.execute(insert(input_withdrawals).values(input_id=input_id,
                                                                 withdrawn_at=withdrawn_at))
        self.connection.execute(update(inputs).where(inputs.c.input_id == input_id)
                                .values(withdrawn_at=withdrawn_at))

    def record_consent(self, contributor_id: str, quote_anonymously: bool, changed_at: datetime,
                       reachability: dict[str, Any] | None = None) -> None:
        """The latest consent wins over older consents and over inputs submitted before it.
        `reachability`: contact_about_outcomes, has_email, accessible_format, email_frequency
        (None: not sent)."""
        stored = self.connection.execute(select(contributor_consents.c.changed_at).where(
            contributor_consents.c.contributor_id == contributor_id)).scalar()
        if stored is not None and stored >= changed_at:
            return
        values = {"quote_anonymously": quote_anonymously, "changed_at": changed_at,
                  **(reachability or {})}
        if stored is None:
            self.connection.execute(insert(contributor_consents).values(
                contributor_id=contributor_id, **values))
        else:
            self.connection.execute(update(contributor_consents).where(
                contributor_consents.c.contributor_id == contributor_id).values(**values))
        self.connection.execute(update(inputs).where(
            inputs.c.contributor_id == contributor_id, inputs.c.submitted_at < changed_at)
            .values(quote_anonymously=quote_anonymously))

    def record_partner(self, partner_id: str, name: str, registered_at: datetime,
                       updated_at: datetime | None = None) -> None:
        at = updated_at or registered_at
        known = self.connection.execute(select(partners.c.registered_at, partners.c.updated_at).where(
            partners.c.partner_id == partner_id)).first()
        if known is None:
            self.connection.execute(insert(partners).values(
                partner_id=partner_id, name=name, registered_at=registered_at, updated_at=at))
        elif at > (known.updated_at or known.registered_at):  # an older state arriving late changes nothing
            self.connection.execute(update(partners).where(partners.c.partner_id == partner_id)
                                    .values(name=name, updated_at=at))

    # -- notify's events ---------------------------------------------------------------------------
    def record_notification(self, values: dict, input_ids: list[str]) -> None:
        key = (notification_outcomes.c.notification_id == values["notification_id"],
               notification_outcomes.c.status == values["status"])
        if self.connection.execute(select(notification_outcomes.c.at).where(*key)).first():
            return
        self.connection.execute(insert(notification_outcomes).values(**values, input_ids=input_ids))
        self.connection.execute(insert(notification_inputs), [
            {"notification_id": values["notification_id"], "status": values["status"],
             "input_id": input_id, "at": values["at"]} for input_id in sorted(set(input_ids))])
        if values["status"] == "sent":
            self._earliest(inputs.c.closed_at, input_ids, values["at"])
        elif values["status"] == "suppressed" and values.get("reason") in NOT_WANTED_REASONS:
            self._earliest(inputs.c.not_wanted_at, input_ids, values["at"])

    # -- intake's outcome-relayed events: the partner told them ------------------------------------
    def record_relay(self, relay_id: str, decision_id: str, how: str, relayed_at: datetime,
                     input_ids: list[str]) -> None:
        if self.connection.execute(select(input_relays.c.relay_id).where(
                input_relays.c.relay_id == relay_id)).first():
            return
        self.connection.execute(insert(input_relays), [
            {"relay_id": relay_id, "input_id": input_id, "decision_id": decision_id, "how": how,
             "relayed_at": relayed_at} for input_id in sorted(set(input_ids))])
        self._earliest(inputs.c.closed_at, input_ids, relayed_at)

    # -- notify's outcome-answered events: counts only --------------------------------------------
    def record_answer(self, decision_id: str, contributor_id: str, board_id: str, answer: str,
                      answered_at: datetime) -> None:
        """One answer per person per decision: the latest answered_at wins, in any order."""
        key = (outcome_answers.c.decision_id == decision_id,
               outcome_answers.c.contributor_id == contributor_id)
        stored = self.connection.execute(select(outcome_answers.c.answered_at).where(*key)).scalar()
        if stored is None:
            self.connection.execute(insert(outcome_answers).values(
                decision_id=decision_id, contributor_id=contributor_id, board_id=board_id,
                answer=answer, answered_at=answered_at))
        elif answered_at > stored:
            self.connection.execute(update(outcome_answers).where(*key).values(
                answer=answer, answered_at=answered_at))

    # -- outcomes, from the publishing transaction and from decisions' own events -----------------
    def apply_outcome(self, facts: OutcomeFacts) -> None:
        stored = self.connection.execute(select(outcomes).where(
            outcomes.c.decision_id == facts.decision_id)).first()
        if stored is None:
            self.connection.execute(insert(outcomes).values(
                decision_id=facts.decision_id, board_id=facts.board_id, programme=facts.programme,
                revision=facts.revision, updated_at=facts.at,
                published_at=facts.at if facts.first_publication else None))
        else:
            changes: dict[str, object] = {}
            if facts.revision > stored.revision:
                changes.update(revision=facts.revision, updated_at=facts.at)
            if facts.first_publication:
                changes["published_at"] = facts.at
            if changes:
                self.connection.execute(update(outcomes).where(
                    outcomes.c.decision_id == facts.decision_id).values(**changes))
        self._apply_claims(facts)
        ids = sorted(facts.influences)
        self.connection.execute(update(inputs).where(
            inputs.c.input_id.in_(ids), _later_or_unset(inputs.c.first_outcome_published_at, facts.at))
            .values(first_outcome_published_at=facts.at))

    def _apply_claims(self, facts: OutcomeFacts) -> None:
        """Each claim keeps its first publication and the latest revision that made it."""
        existing = {r.input_id: r for r in self.connection.execute(select(outcome_links).where(
            outcome_links.c.decision_id == facts.decision_id))}
        new = [{"decision_id": facts.decision_id, "input_id": input_id, "influence": influence,
                "revision": facts.revision, "first_published_at": facts.at}
               for input_id, influence in sorted(facts.influences.items()) if input_id not in existing]
        if new:
            self.connection.execute(insert(outcome_links), new)
        for input_id, influence in facts.influences.items():
            row = existing.get(input_id)
            if row is None:
                continue
            changes: dict[str, object] = {}
            if facts.revision > row.revision:
                changes.update(revision=facts.revision, influence=influence)
            if facts.at < row.first_published_at:
                changes["first_published_at"] = facts.at
            if changes:
                self.connection.execute(update(outcome_links).where(
                    outcome_links.c.decision_id == facts.decision_id,
                    outcome_links.c.input_id == input_id).values(**changes))

    def _earliest(self, column, input_ids: list[str], at: datetime) -> None:
        """Set an input's time column to `at` unless it already holds an earlier one."""
        self.connection.execute(update(inputs).where(
            inputs.c.input_id.in_(sorted(set(input_ids))), _later_or_unset(column, at))
            .values({column.name: at}))


def _later_or_unset(column, at: datetime):
    return or_(column.is_(None), column > at)


def current_claim_exists(input_id_column):
    """An input has a published outcome now: a claim made by its decision's latest revision."""
    return select(outcome_links.c.input_id).join(outcomes, and_(
        outcomes.c.decision_id == outcome_links.c.decision_id,
        outcomes.c.revision == outcome_links.c.revision)).where(
        outcome_links.c.input_id == input_id_column).exists()
