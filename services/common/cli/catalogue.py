"""Where each service's pieces live, imported only when a command needs them."""
from __future__ import annotations

import importlib
from pathlib import Path

SERVICES = ("intake", "decisions", "notify")
PROJECT_SERVICES_DIR = Path(__file__).resolve().parents[2]


def bootstrap(service: str, settings=None):
    return importlib.import_module(f"services.{service}.bootstrap").bootstrap(settings)


def migrations_dir(service: str) -> Path:
    return PROJECT_SERVICES_DIR / service / "migrations"


def load_settings(service: str, env=None):
    return importlib.import_module(f"services.{service}.config").load_settings(env)


def app_target(service: str) -> str:
    return f"services.{service}.entrypoints.api:create_app()"


def worker_module(service: str) -> str:
    return f"services.{service}.entrypoints.worker"
