"""insert_rows gives what an executemany INSERT gives, on SQLite and PostgreSQL (where it is one
statement of arrays, whatever the number of rows)."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import (
    Boolean, Column, Date, Integer, MetaData, String, Table, Text, event, select,
)
from sqlalchemy.exc import IntegrityError

from services.common.db.bulk import insert_rows
from services.common.db.types import UtcDateTime
from tests.support.databases import engine_with_tables

metadata = MetaData()
things = Table(
    "bulk_things", metadata,
    Column("thing_id", String(36), primary_key=True),
    Column("note", Text, nullable=True),
    Column("on", Date, nullable=False),
    Column("at", UtcDateTime(), nullable=True),
    Column("ok", Boolean, nullable=False),
    Column("n", Integer, nullable=False, default=7),
)

AWKWARD = ["plain", "tab\there", "new\nline", "back\\slash", "quote ' \" ,{}", "ünïcode ✓", "", None]


def rows(count: int) -> list[dict]:
    return [{"thing_id": f"t{n:04d}", "note": AWKWARD[n % len(AWKWARD)], "on": date(2026, 1, 1 + n % 28),
             "at": None if n % 3 == 0 else datetime(2026, 5, 1, 12, n % 60, tzinfo=UTC),
             "ok": n % 2 == 0, "n": n} for n in range(count)]


@pytest.fixture
def engine(database_url):
    with engine_with_tables(database_url, metadata) as engine:
        yield engine


def stored(engine) -> list[dict]:
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(things).order_by(things.c.thing_id))]


def test_the_rows_come_back_as_given_in_one_statement(engine):
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *_: statements.append(sql))
    with engine.begin() as connection:
        insert_rows(connection, things, rows(300))
    inserts = [s for s in statements if s.startswith("INSERT")]
    assert stored(engine) == rows(300)
    assert len(inserts) == 1  # SQLite: one executemany
    assert ("unnest" in inserts[0]) == (engine.dialect.name == "postgresql")


def test_the_statement_text_does_not_change_with_the_number_of_rows(engine):
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _cur, sql, *_: statements.append(sql))
    with engine.begin() as connection:
        insert_rows(connection, things, rows(3))
        insert_rows(connection, things, rows(50)[3:])
    inserts = [s for s in statements if s.startswith("INSERT")]
    assert len(inserts) == 2 and len(set(inserts)) == 1


def test_a_bad_row_fails_the_whole_statement_as_an_insert_would(engine):
    batch = rows(10) + [rows(10)[4]]  # a duplicate key at the end
    with pytest.raises(IntegrityError):
        with engine.begin() as connection:
            insert_rows(connection, things, batch)
    assert stored(engine) == []


def test_a_column_left_out_gets_its_default(engine):
    with engine.begin() as connection:
        insert_rows(connection, things, [{k: v for k, v in r.items() if k != "n"} for r in rows(4)])
    assert [r["n"] for r in stored(engine)] == [7] * 4


def test_a_naive_datetime_is_refused_by_the_column_type(engine):
    from sqlalchemy.exc import StatementError
    bad = [{**rows(1)[0], "at": datetime(2026, 5, 1, 12, 0)}]
    with pytest.raises(StatementError, match="naive datetime"):
        with engine.begin() as connection:
            insert_rows(connection, things, bad)
