"""In-memory stand-ins for intake's repositories and unit of work, subclassing the real interfaces."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from services.intake.adapters.repositories import (
    ContributorQuery, ContributorRepository, IdempotencyRepository, InputQuery, InputRepository, OutcomeRepository,
    PartnerRepository, ProgrammeRepository, StoredResponse,
)
from services.intake.domain.contributors import PartnerRefTaken
from services.intake.domain.programmes import OPEN, KnownProgramme
from services.intake.domain.status import WITHDRAWN
from services.intake.service_layer.unit_of_work import UnitOfWork
from tests.support.fake_unit_of_work import FakeUnitOfWork as BaseFakeUnitOfWork


class FakePartners(PartnerRepository):
    def __init__(self):
        self.rows = {}

    def add(self, partner):
        self.rows[partner.partner_id] = partner

    def get(self, partner_id):
        return self.rows.get(partner_id)

    save = add

    def list(self, after, limit, *, name=None, partner_id=None):
        ordered = sorted(self._matching(name, partner_id), key=lambda p: (p.created_at, p.partner_id))
        return [p for p in ordered if after is None or (p.created_at, p.partner_id) > after][:limit]

    def count(self, *, name=None, partner_id=None):
        return len(self._matching(name, partner_id))

    def _matching(self, name, partner_id):
        return [p for p in self.rows.values()
                if (not name or name.lower() in p.name.lower()) and partner_id in (None, p.partner_id)]


class FakeProgrammes(ProgrammeRepository):
    def __init__(self, open_names=()):
        self.rows: dict[str, KnownProgramme] = {}
        for name in open_names:
            self.save(KnownProgramme(str(uuid.uuid4()), name, OPEN, datetime(2026, 1, 1, tzinfo=UTC)))

    def get(self, programme_id):
        return self.rows.get(programme_id)

    def by_names(self, names):
        return {p.name: p for p in self.rows.values() if p.name in names}

    def open_names(self):
        return sorted(p.name for p in self.rows.values() if p.is_open)

    def save(self, programme):
        self.rows[programme.programme_id] = programme

    def count(self):
        return len(self.rows)

    def list(self, after, limit):
        ordered = sorted(self.rows.values(), key=lambda p: (p.updated_at, p.programme_id))
        return [p for p in ordered if after is None or (p.updated_at, p.programme_id) > after][:limit]


class FakeContributors(ContributorRepository):
    def __init__(self):
        self.rows, self.history = {}, {}

    def _check_ref(self, contributor):
        if contributor.partner_ref is not None and any(
                c.partner_id == contributor.partner_id and c.partner_ref == contributor.partner_ref
                and c.contributor_id != contributor.contributor_id for c in self.rows.values()):
            raise PartnerRefTaken()

    def add(self, contributor):
        self._check_ref(contributor)
        self.rows[contributor.contributor_id] = replace(contributor, consent_history=())
        self.history.setdefault(contributor.contributor_id, [])

    def get(self, contributor_id):
        found = self.rows.get(contributor_id)
        return found and replace(found, consent_history=tuple(self.history[contributor_id]))

    def save(self, contributor):
        self._check_ref(contributor)
        self.rows[contributor.contributor_id] = contributor

    def _matching(self, query: ContributorQuery):
        return sorted((c for c in self.rows.values()
                       if query.partner_id in (None, c.partner_id)
                       and query.partner_ref in (None, c.partner_ref)
                       and query.erased in (None, c.erased)),
                      key=lambda c: (c.created_at, c.contributor_id))

    def list(self, query, after, limit):
        return [c for c in self._matching(query)
                if after is None or (c.created_at, c.contributor_id) > after][:limit]

    def count(self, query):
        return len(self._matching(query))

    def record_consent(self, contributor_id, record):
        self.history[contributor_id].append(record)


class FakeInputs(InputRepository):
    def __init__(self):
        self.rows = {}

    def add(self, input_):
        self.rows[input_.input_id] = input_

    def get_many(self, input_ids):
        return {i: self.rows[i] for i in input_ids if i in self.rows}

    def list(self, query: InputQuery, after, limit):
        found = sorted(self._matching(query), key=lambda i: (i.submitted_at, i.input_id))
        return [i for i in found if after is None or (i.submitted_at, i.input_id) > after][:limit]

    def count(self, query: InputQuery):
        return len(self._matching(query))

    def _matching(self, query: InputQuery):
        return [i for i in self.rows.values()
                if query.partner_id in (None, i.partner_id) and query.status in (None, i.status)
                and query.programme in (None, i.programme) and query.topic in (None, *i.topics)
                and (query.since is None or i.submitted_at >= query.since)]

    def move_status(self, input_id, expected, change, withdrawal_reason=None):
        current = self.rows[input_id]
        if current.status != expected:
            return False
        extra = {"withdrawn_at": change.changed_at, "withdrawal_reason": withdrawal_reason} \
            if change.status == WITHDRAWN else {}
        self.rows[input_id] = replace(current, status=change.status, **extra,
                                      status_history=(*current.status_history, change))
        return True


class FakeOutcomes(OutcomeRepository):
    def __init__(self):
        self.rows = {}

    def get(self, decision_id, input_id):
        return self.rows.get((decision_id, input_id))

    def save(self, outcome):
        self.rows[(outcome.decision_id, outcome.input_id)] = outcome

    def for_decision(self, decision_id):
        return [o for (d, _), o in self.rows.items() if d == decision_id]

    def for_input(self, input_id):
        return [o for (_, i), o in self.rows.items() if i == input_id]


class FakeIdempotency(IdempotencyRepository):
    def __init__(self):
        self.rows: dict[tuple[str, str], StoredResponse] = {}

    def get(self, owner, idempotency_key):
        return self.rows.get((owner, idempotency_key))

    def add(self, response):
        self.rows[(response.owner, response.idempotency_key)] = response

    def delete_older_than(self, cutoff):
        old = [k for k, r in self.rows.items() if r.created_at < cutoff]
        for k in old:
            del self.rows[k]
        return len(old)


class FakeUnitOfWork(BaseFakeUnitOfWork):
    """Records what would be published; payloads go through the real contracts."""

    def __init__(self, programmes: tuple[str, ...] = ("Crisis care",)) -> None:
        """`programmes`: the open programmes intake has heard of (the unit tests' inputs name
        "Crisis care")."""
        super().__init__()
        self.programmes = FakeProgrammes(programmes)
        self.partners, self.contributors = FakePartners(), FakeContributors()
        self.inputs, self.outcomes = FakeInputs(), FakeOutcomes()
        self.idempotency = FakeIdempotency()


if TYPE_CHECKING:  # mypy proves the fake offers what the real unit of work offers
    _satisfies_the_protocol: type[UnitOfWork] = FakeUnitOfWork
