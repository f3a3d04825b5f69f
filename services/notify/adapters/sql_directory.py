"""Contacts, input summaries and unsubscribes in SQL."""
from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from services.notify.adapters.orm import contacts, input_summaries, unsubscribes
from services.notify.adapters.repositories import (
    ContactRepository, InputSummaryRepository, UnsubscribeRepository,
)
from services.notify.domain.contacts import Contact

_CONTACT_COLUMNS = [f.name for f in fields(Contact)]
# ids per IN list: well inside SQLite's and PostgreSQL's limits on bound parameters
CHUNK = 500
# built once, given parameters: each is read for every email composed, and building the
# statement per call cost more than running it
_CONTACT = select(contacts).where(contacts.c.contact_id == bindparam("contact_id"),
                                  contacts.c.kind == bindparam("kind"))
_SUMMARIES = select(input_summaries.c.input_id, input_summaries.c.summary).where(
    input_summaries.c.input_id.in_(bindparam("input_ids", expanding=True)))
_UNSUBSCRIBED = select(unsubscribes.c.address_hash).where(
    unsubscribes.c.address_hash == bindparam("address_hash"))


def chunks(values: list[str]) -> list[list[str]]:
    return [values[start:start + CHUNK] for start in range(0, len(values), CHUNK)]


class SqlContactRepository(ContactRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def get(self, contact_id: str, kind: str) -> Contact | None:
        row = self.connection.execute(_CONTACT, {"contact_id": contact_id, "kind": kind}).mappings().first()
        return None if row is None else Contact(**{name: row[name] for name in _CONTACT_COLUMNS})

    def get_many(self, contact_ids: list[str], kind: str) -> dict[str, Contact]:
        found = {}
        for chunk in chunks(contact_ids):
            rows = self.connection.execute(select(contacts).where(
                contacts.c.contact_id.in_(chunk), contacts.c.kind == kind)).mappings()
            found.update({row["contact_id"]: Contact(**{name: row[name] for name in _CONTACT_COLUMNS})
                          for row in rows})
        return found

    def save(self, contact: Contact) -> None:
        values = asdict(contact)
        contact_id = values.pop("contact_id")
        updated = self.connection.execute(
            update(contacts).where(contacts.c.contact_id == contact_id).values(**values))
        if updated.rowcount == 0:
            self.connection.execute(insert(contacts).values(contact_id=contact_id, **values))

    def delete(self, contact_id: str) -> bool:
        return self.connection.execute(
            delete(contacts).where(contacts.c.contact_id == contact_id)).rowcount > 0

    def digest_partners(self) -> list[Contact]:
        rows = self.connection.execute(select(contacts).where(
            contacts.c.kind == "partner", contacts.c.daily_digest.is_(True),
            contacts.c.email.is_not(None)).order_by(contacts.c.contact_id)).mappings()
        return [Contact(**{name: row[name] for name in _CONTACT_COLUMNS}) for row in rows]

    def contributors_with_email(self) -> list[Contact]:
        rows = self.connection.execute(select(contacts).where(
            contacts.c.kind == "contributor", contacts.c.email.is_not(None))).mappings()
        return [Contact(**{name: row[name] for name in _CONTACT_COLUMNS}) for row in rows]


class SqlInputSummaryRepository(InputSummaryRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def save(self, input_id: str, partner_id: str, contributor_id: str | None, summary: str,
             submitted_at: datetime) -> None:
        values = {"partner_id": partner_id, "contributor_id": contributor_id, "summary": summary,
                  "submitted_at": submitted_at}
        updated = self.connection.execute(update(input_summaries).where(
            input_summaries.c.input_id == input_id).values(**values))
        if updated.rowcount == 0:
            self.connection.execute(insert(input_summaries).values(input_id=input_id, **values))

    def summaries(self, input_ids: list[str]) -> dict[str, str]:
        if not input_ids:
            return {}
        return {row.input_id: row.summary for chunk in chunks(list(input_ids))
                for row in self.connection.execute(_SUMMARIES, {"input_ids": chunk})}


class SqlUnsubscribeRepository(UnsubscribeRepository):
    def __init__(self, connection: Connection):
        self.connection = connection

    def contains(self, address_hash: str) -> bool:
        return self.connection.execute(_UNSUBSCRIBED, {"address_hash": address_hash}).first() is not None

    def among(self, address_hashes: list[str]) -> set[str]:
        column = unsubscribes.c.address_hash
        return {found for chunk in chunks(address_hashes)
                for found in self.connection.execute(select(column).where(column.in_(chunk))).scalars()}

    def add(self, address_hash: str, now: datetime) -> bool:
        if self.contains(address_hash):
            return False
        self.connection.execute(insert(unsubscribes).values(address_hash=address_hash,
                                                            unsubscribed_at=now))
        return True
