"""Wires notify to its database and broker. Call it; nothing happens at import."""
from __future__ import annotations

import logging

from services.common.bootstrap import build_runtime
from services.common.runtime import Runtime
from services.notify.adapters.orm import metadata
from services.notify.config import NotifySettings, load_settings
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork

log = logging.getLogger(__name__)


def bootstrap(settings: NotifySettings | None = None) -> Runtime:
    settings = settings or load_settings()
    runtime = build_runtime(settings, metadata, NotifyUnitOfWork)
    if settings.mail.uses_development_secret and runtime.engine.dialect.name != "sqlite":
        log.warning("HEARD_UNSUBSCRIBE_SECRET is the development default: anyone who has the "
                    "source can forge unsubscribe links. Set a secret of your own.")
    return runtime
