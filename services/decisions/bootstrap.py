"""Wires decisions to its database and broker. Call it; nothing happens at import."""
from __future__ import annotations

from services.common.bootstrap import build_runtime
from services.common.runtime import Runtime
from services.common.settings import Settings
from services.decisions.adapters.orm import metadata
from services.decisions.config import load_settings
from services.decisions.service_layer.unit_of_work import DecisionsUnitOfWork


def bootstrap(settings: Settings | None = None) -> Runtime:
    return build_runtime(settings or load_settings(), metadata, DecisionsUnitOfWork)
