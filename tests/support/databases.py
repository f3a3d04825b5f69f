"""A fresh, empty database of one kind, for fixtures that run a test on SQLite and PostgreSQL."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, MetaData

from services.common.db.engine import make_engine
from services.common.devstack.postgres import temporary_database


@contextlib.contextmanager
def fresh_database(request, kind: str, folder: Path, name: str = "heard") -> Iterator[str]:
    """`kind` is "sqlite" (a new file named `name` in `folder`) or "postgresql" (a new database
    on the test server, dropped afterwards)."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'{name}.db'}"
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    with temporary_database(admin_url, prefix=f"heard_test_{name}") as url:
        yield url


@contextlib.contextmanager
def engine_with_tables(database_url: str, metadata: MetaData) -> Iterator[Engine]:
    """Heard's engine on `database_url` with a test's own tables, made afresh and dropped after."""
    engine = make_engine(database_url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    try:
        yield engine
    finally:
        metadata.drop_all(engine)
        engine.dispose()
