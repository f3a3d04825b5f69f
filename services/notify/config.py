"""Notify settings: the shared ones; notify needs nothing else yet."""
from __future__ import annotations

from collections.abc import Mapping

from services.common.settings import Settings

SERVICE = "notify"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    return Settings.from_env(SERVICE, env)
