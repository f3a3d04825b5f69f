"""Decisions settings: the shared ones; decisions needs nothing else yet."""
from __future__ import annotations

from collections.abc import Mapping

from services.common.settings import Settings

SERVICE = "decisions"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    return Settings.from_env(SERVICE, env)
