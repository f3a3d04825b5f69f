"""Wires notify to its database and broker. Call it; nothing happens at import."""
from __future__ import annotations

from services.common.bootstrap import build_runtime
from services.common.runtime import Runtime
from services.notify.adapters.orm import metadata
from services.notify.config import NotifySettings, load_settings
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork


def bootstrap(settings: NotifySettings | None = None) -> Runtime:
    settings = settings or load_settings()
    # the development secret and a missing list key are refused by load_settings (config.py)
    return build_runtime(settings, metadata, NotifyUnitOfWork)
