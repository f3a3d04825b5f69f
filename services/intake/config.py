"""Intake settings: the shared ones; intake needs nothing else yet."""
from __future__ import annotations

from collections.abc import Mapping

from services.common.settings import Settings

SERVICE = "intake"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    return Settings.from_env(SERVICE, env)
