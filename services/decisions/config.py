"""Decisions settings: the shared ones, and where the open-data files are kept."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from services.common.settings import Settings, env_int

SERVICE = "decisions"


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    return Settings.from_env(SERVICE, env)


def open_data_dir(env: Mapping[str, str] | None = None) -> Path | None:
    """HEARD_OPEN_DATA_DIR: the folder the worker writes the /data files to and the API serves
    them from (one folder both see: on one machine a path, across containers a volume both
    mount). Unset: no files are built and each download is written as it is read."""
    raw = (os.environ if env is None else env).get("HEARD_OPEN_DATA_DIR", "").strip()
    return Path(raw) if raw else None


def open_data_seconds(env: Mapping[str, str] | None = None) -> int:
    """How often the worker checks whether the /data files need building again."""
    return env_int(os.environ if env is None else env, "HEARD_OPEN_DATA_SECONDS", 60, 1, 3600)


def site_fresh_seconds(env: Mapping[str, str] | None = None) -> float:
    """HEARD_SITE_FRESH_MS: how long a public page kept by one API process may go on being
    served before the process asks the database whether anything has changed (0: ask on every
    request). A change shows on the programme, board and decision pages at most this late."""
    return env_int(os.environ if env is None else env, "HEARD_SITE_FRESH_MS", 100, 0, 10_000) / 1000
