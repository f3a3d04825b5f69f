"""Many rows in one statement for a consumer's batch. On PostgreSQL an executemany INSERT still
sends, binds and runs a statement per row (docs/performance.md, "Consumers, third round"), so
there the rows go as one array per column, unnested by the server: one statement whose text
does not change with the number of rows. On SQLite, where a statement costs no round trip, the
executemany INSERT.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """The rows (all with the keys of the first) inserted as `INSERT` would: each value goes
    through its column's type, triggers and constraints apply, errors are SQLAlchemy's. Plain
    executemany when some column left out has a default SQLAlchemy fills in."""
    if not rows:
        return
    names = list(rows[0])
    if connection.dialect.name != "postgresql" or any(
            column.default is not None for column in table.columns if column.name not in names):
        connection.execute(insert(table), list(rows))
        return
    arrays = [bindparam(f"bulk_{n}", [row[name] for row in rows], type_=ARRAY(table.c[name].type))
              for n, name in enumerate(names)]
    unnested = func.unnest(*arrays).table_valued(*names).render_derived(name="bulk_rows")
    connection.execute(insert(table).from_select(names, select(*unnested.c)))
