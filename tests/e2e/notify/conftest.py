"""Notify end to end: the same real stack as the integration tests (broker, database, SMTP sink)."""
from tests.integration.notify.conftest import stack  # noqa: F401 - the fixture, shared
