"""Partners and contributors in SQL."""
from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime

from sqlalchemy import Connection, and_, func, insert, or_, select, update
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.exc import IntegrityError

from services.intake.adapters.orm import consent_records, contributors, partners
from services.intake.adapters.repositories import ContributorQuery, ContributorRepository, PartnerRepository
from services.intake.domain.contributors import ConsentRecord, Contributor, PartnerRefTaken
from services.intake.domain.partners import Partner

_CONTRIBUTOR_COLUMNS = [f.name for f in fields(Contributor) if f.name != "consent_history"]


class SqlPartnerRepository(PartnerRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, partner: Partner) -> None:
        self.connection.execute(insert(partners).values(**asdict(partner)))

    def get(self, partner_id: str) -> Partner | None:
        row = self.connection.execute(
            select(partners).where(partners.c.partner_id == partner_id)).mappings().first()
        if row is None:
            return None
        return Partner(**{**row, "updated_at": row["updated_at"] or row["created_at"]})

    def save(self, partner: Partner) -> None:
        values = asdict(partner)
        self.connection.execute(update(partners).where(
            partners.c.partner_id == values.pop("partner_id")).values(**values))

    def list(self, after: tuple[datetime, str] | None, limit: int, *, name: str | None = None,
             partner_id: str | None = None) -> list[Partner]:
        query = select(partners).where(*_partners_matching(name, partner_id))
        if after is not None:
            at, last_id = after
            query = query.where(or_(partners.c.created_at > at,
                                    and_(partners.c.created_at == at, partners.c.partner_id > last_id)))
        query = query.order_by(partners.c.created_at, partners.c.partner_id).limit(limit)
        return [Partner(**{**row, "updated_at": row["updated_at"] or row["created_at"]})
                for row in self.connection.execute(query).mappings()]

    def count(self, *, name: str | None = None, partner_id: str | None = None) -> int:
        return self.connection.execute(select(func.count()).select_from(partners)
                                       .where(*_partners_matching(name, partner_id))).scalar_one()


def _partners_matching(name: str | None, partner_id: str | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if name:
        like = name.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(partners.c.name).like(f"%{like}%", escape="\\"))
    if partner_id is not None:
        conditions.append(partners.c.partner_id == partner_id)
    return conditions


class SqlContributorRepository(ContributorRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def add(self, contributor: Contributor) -> None:
        self._unique_ref(insert(contributors).values(**_row(contributor)))

    def _unique_ref(self, statement) -> None:
        # a savepoint: a clash on (partner_id, partner_ref) leaves the transaction usable, and
        # the clash, not the database's message (which quotes the value), is what is reported
        savepoint = self.connection.begin_nested()
        try:
            self.connection.execute(statement)
        except IntegrityError:
            savepoint.rollback()
            raise PartnerRefTaken() from None
        savepoint.commit()

    def get(self, contributor_id: str) -> Contributor | None:
        row = self.connection.execute(select(contributors).where(
            contributors.c.contributor_id == contributor_id)).mappings().first()
        if row is None:
            return None
        history = self.connection.execute(
            select(consent_records.c.contact_about_outcomes, consent_records.c.quote_anonymously,
                   consent_records.c.consent_method, consent_records.c.recorded_at)
            .where(consent_records.c.contributor_id == contributor_id)
            .order_by(consent_records.c.id)).all()
        return Contributor(**row, consent_history=tuple(ConsentRecord(*entry) for entry in history))

    def save(self, contributor: Contributor) -> None:
        values = _row(contributor)
        self._unique_ref(update(contributors).where(
            contributors.c.contributor_id == values.pop("contributor_id")).values(**values))

    def list(self, query: ContributorQuery, after: tuple[datetime, str] | None,
             limit: int) -> list[Contributor]:
        select_rows = _where(select(contributors), query).order_by(
            contributors.c.created_at, contributors.c.contributor_id).limit(limit)
        if after is not None:
            at, last_id = after
            select_rows = select_rows.where(or_(
                contributors.c.created_at > at,
                and_(contributors.c.created_at == at, contributors.c.contributor_id > last_id)))
        return [Contributor(**row) for row in self.connection.execute(select_rows).mappings()]

    def count(self, query: ContributorQuery) -> int:
        return self.connection.execute(
            _where(select(func.count()).select_from(contributors), query)).scalar_one()

    def record_consent(self, contributor_id: str, record: ConsentRecord) -> None:
        self.connection.execute(insert(consent_records).values(
            contributor_id=contributor_id, **asdict(record)))


def _where(statement, query: ContributorQuery):
    if query.partner_id is not None:
        statement = statement.where(contributors.c.partner_id == query.partner_id)
    if query.partner_ref is not None:
        statement = statement.where(contributors.c.partner_ref == query.partner_ref)
    if query.erased is not None:
        statement = statement.where(contributors.c.erased_at.is_not(None) if query.erased
                                    else contributors.c.erased_at.is_(None))
    return statement


def _row(contributor: Contributor) -> dict:
    return {name: getattr(contributor, name) for name in _CONTRIBUTOR_COLUMNS}
