"""The PostgreSQL init script compose mounts, run against a real PostgreSQL server: one database
and role per service, each database closed to the other roles, passwords passed safely."""
from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

from tests.deploy.compose import REPO_ROOT

pytestmark = pytest.mark.postgres


def test_the_postgres_init_script_gives_each_service_a_database_only_it_can_use(
        compose, postgres_admin_url):
    admin = make_url(postgres_admin_url)
    names = [f"heard_init_{secrets.token_hex(4)}_{suffix}" for suffix in ("a", "b")]
    # quotes, a backslash and SQL in a password must stay a password
    passwords = {name: f"""pw'{name}\\"; DROP ROLE postgres; --""" for name in names}
    script = init_script(compose)
    env = {"PATH": os.environ["PATH"], "PGHOST": admin.host, "PGPORT": str(admin.port or 5432),
           "PGPASSWORD": admin.password or "", "POSTGRES_USER": admin.username,
           "POSTGRES_DB": admin.database, "HEARD_DATABASES": " ".join(names),
           **{f"HEARD_{name.upper()}_DB_PASSWORD": password for name, password in passwords.items()}}
    try:
        subprocess.run(["sh", str(script)], env=env, check=True, capture_output=True, timeout=60)
        first, second = names
        with connect(admin, first, passwords[first], first) as conn:
            conn.execute("CREATE TABLE owned_here (id integer)")
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            connect(admin, second, passwords[second], first)
    finally:
        drop(admin, names)


def test_the_postgres_init_script_stops_on_a_missing_password(compose, postgres_admin_url):
    admin = make_url(postgres_admin_url)
    name = f"heard_init_{secrets.token_hex(4)}"
    env = {"PATH": os.environ["PATH"], "PGHOST": admin.host, "PGPASSWORD": admin.password or "",
           "POSTGRES_USER": admin.username, "POSTGRES_DB": admin.database, "HEARD_DATABASES": name}
    try:
        result = subprocess.run(["sh", str(init_script(compose))], env=env, capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 1
        assert f"HEARD_{name.upper()}_DB_PASSWORD is not set" in result.stderr
        with connect(admin, admin.username, admin.password, admin.database) as conn:
            assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is None
    finally:
        drop(admin, [name])


def init_script(compose) -> Path:
    """The host file compose mounts into PostgreSQL's /docker-entrypoint-initdb.d/."""
    for entry in compose["services"]["postgres"]["volumes"]:
        source, target, *_ = entry.split(":")
        if target.startswith("/docker-entrypoint-initdb.d/"):
            return REPO_ROOT / source
    raise AssertionError("no init script mounted")


def connect(admin, user: str, password: str | None, dbname: str) -> psycopg.Connection:
    return psycopg.connect(host=admin.host, port=admin.port or 5432, user=user,
                           password=password or "", dbname=dbname, autocommit=True, connect_timeout=5)


def drop(admin, names: list[str]) -> None:
    with connect(admin, admin.username, admin.password, admin.database) as conn:
        for name in names:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))
