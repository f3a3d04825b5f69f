"""docker-compose.yml resolved as `docker compose up` would resolve it with .env.example and
the secrets filled in."""
from __future__ import annotations

import pytest

from tests.deploy.compose import read_env_file, resolved_compose

SECRETS = ("POSTGRES_PASSWORD", "HEARD_INTAKE_DB_PASSWORD", "HEARD_DECISIONS_DB_PASSWORD",
           "HEARD_NOTIFY_DB_PASSWORD", "HEARD_UNSUBSCRIBE_SECRET",
           "HEARD_UNSUBSCRIBE_LIST_KEY", "HEARD_KAFKA_ADMIN_PASSWORD", "HEARD_KAFKA_INTAKE_PASSWORD",
           "HEARD_KAFKA_DECISIONS_PASSWORD", "HEARD_KAFKA_NOTIFY_PASSWORD", "HEARD_MAILPIT_UI_PASSWORD")


def example_env(**secrets: str) -> dict[str, str]:
    """.env.example with every secret filled in (each with a distinct value, to tell them apart)."""
    env = read_env_file()
    env.update({name: secrets.get(name, f"{name.lower()}-value") for name in SECRETS})
    return env


@pytest.fixture(scope="session")
def compose() -> dict:
    return resolved_compose(example_env())
