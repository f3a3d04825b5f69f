"""Find a PostgreSQL server for tests and give each test session its own database.

Order of preference for the server ("admin URL", which must be allowed to CREATE DATABASE):
1. ``HEARD_TEST_POSTGRES_URL`` if set (used as is; a wrong value is an error, not a skip);
2. a local server on 127.0.0.1:5432 as user postgres, password "postgres" or trust auth
   (deploy/dev/ensure-postgres.sh sets one up).

Typical conftest use:

    admin_url = find_admin_url()
    if admin_url is None:
        pytest.skip("no PostgreSQL; run deploy/dev/ensure-postgres.sh")
    with temporary_database(admin_url) as url:
        ...  # url is a postgresql+psycopg:// URL of a fresh, empty database
"""

from __future__ import annotations

import os
import re
import secrets
from contextlib import contextmanager
from typing import Any, Iterator

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

__all__ = [
    "ENV_VAR", "LOCAL_CANDIDATES", "create_database", "drop_database", "find_admin_url",
    "safe_url", "temporary_database", "unique_database_name",
]

ENV_VAR = "HEARD_TEST_POSTGRES_URL"
LOCAL_CANDIDATES = (
    "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres",
    "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",  # trust auth
)
_DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def find_admin_url(connect_timeout: int = 3) -> str | None:
    """The admin URL to use, or None when no server is configured or reachable locally."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return configured
    for candidate in LOCAL_CANDIDATES:
        try:
            with _connect(candidate, connect_timeout):
                return candidate
        except psycopg.Error:
            continue
    return None


def unique_database_name(prefix: str = "heard_test") -> str:
    return _checked_name(f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}")


def create_database(admin_url: str, name: str | None = None) -> str:
    """Create an empty database (unique name if none given); returns its SQLAlchemy URL."""
    name = _checked_name(name or unique_database_name())
    with _connect(admin_url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return _with_database(admin_url, name)


def drop_database(admin_url: str, name_or_url: str) -> None:
    """Drop a database by name or URL, closing any connections still open to it."""
    name = make_url(name_or_url).database if "://" in name_or_url else name_or_url
    name = _checked_name(name or "")
    with _connect(admin_url) as connection:
        # WITH (FORCE) (PostgreSQL 13+): a leaked test connection must not block the drop.
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                           .format(sql.Identifier(name)))


@contextmanager
def temporary_database(admin_url: str, prefix: str = "heard_test") -> Iterator[str]:
    """A fresh database for the duration of the block, dropped afterwards."""
    url = create_database(admin_url, unique_database_name(prefix))
    try:
        yield url
    finally:
        drop_database(admin_url, url)


def safe_url(url: str) -> str:
    """The URL with its password masked, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def _connect(url: str, connect_timeout: int = 10) -> psycopg.Connection:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"not a PostgreSQL URL: {safe_url(url)}")
    options: dict[str, Any] = {key: value for key, value in parsed.query.items() if isinstance(value, str)}
    # autocommit: CREATE/DROP DATABASE cannot run inside a transaction block.
    return psycopg.connect(host=parsed.host or "127.0.0.1", port=parsed.port or 5432,
                           user=parsed.username, password=parsed.password,
                           dbname=parsed.database or "postgres",
                           connect_timeout=connect_timeout, autocommit=True, **options)


def _with_database(url: str, name: str) -> str:
    parsed: URL = make_url(url).set(drivername="postgresql+psycopg", database=name)
    return parsed.render_as_string(hide_password=False)


def _checked_name(name: str) -> str:
    if not _DATABASE_NAME.fullmatch(name):
        raise ValueError(f"database name must be lower-case letters, digits and _ "
                         f"(max 63 chars): {name!r}")
    return name
