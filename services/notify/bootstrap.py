"""Wires notify to its database and broker. Call it; nothing happens at import."""
from __future__ import annotations

from services.common.bootstrap import build_runtime
from services.common.runtime import Runtime
from services.common.settings import Settings
from services.notify.adapters.orm import metadata
from services.notify.config import load_settings
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork


def bootstrap(settings: Settings | None = None) -> Runtime:
    return build_runtime(settings or load_settings(), metadata, NotifyUnitOfWork)
