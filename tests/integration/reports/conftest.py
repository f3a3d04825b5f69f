"""A decisions database of each kind holding the hand-computed data set."""
from __future__ import annotations

import pytest

from services.common.cli import catalogue
from services.common.db import migrations
from services.common.db.engine import make_engine
from tests.integration.reports.dataset import insert_dataset


def migrated_engine(database_url: str):
    migrations.upgrade(catalogue.migrations_dir("decisions"), database_url)
    return make_engine(database_url)


@pytest.fixture
def engine(database_url):
    engine = migrated_engine(database_url)
    with engine.begin() as connection:
        insert_dataset(connection)
    yield engine
    engine.dispose()
