"""Alembic helpers: each service keeps its own migrations folder and runs them with these."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, engine_from_config, pool

from services.common.db.engine import make_engine


def alembic_config(script_location: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(script_location: Path, database_url: str, revision: str = "head") -> None:
    make_engine(database_url).dispose()  # creates the SQLite folder if needed
    command.upgrade(alembic_config(script_location, database_url), revision)


def revision(script_location: Path, database_url: str, message: str) -> None:
    command.revision(alembic_config(script_location, database_url), message=message,
                     autogenerate=True)


def run_env(metadata: MetaData) -> None:
    """Body of a service's migrations/env.py."""
    from alembic import context

    config = context.config
    connectable = engine_from_config(config.get_section(config.config_ini_section, {}),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=True, compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
