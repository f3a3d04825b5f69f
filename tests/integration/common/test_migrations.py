"""Each service's migrations build exactly its tables, on SQLite and PostgreSQL, and undo cleanly."""
from __future__ import annotations

import importlib

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from services.common.cli import catalogue
from services.common.db import migrations
from services.common.db.engine import make_engine


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_migrations_match_the_tables_and_downgrade_to_nothing(service, database_url):
    metadata = importlib.import_module(f"services.{service}.adapters.orm").metadata
    migrations.upgrade(catalogue.migrations_dir(service), database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        assert diff == [], f"{service}: migrations differ from adapters/orm.py: {diff}"
        command.downgrade(migrations.alembic_config(catalogue.migrations_dir(service), database_url), "base")
        left = set(inspect(engine).get_table_names()) - {"alembic_version"}
        assert left == set()
    finally:
        engine.dispose()
