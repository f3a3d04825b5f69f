"""Wires notify to its database and broker. Call it; nothing happens at import."""
from __future__ import annotations

from services.common.bootstrap import build_runtime
from services.common.runtime import Runtime
from services.notify.adapters.orm import metadata
from services.notify.config import NotifySettings, load_settings
from services.notify.service_layer.unit_of_work import NotifyUnitOfWork, UnitOfWorkFactory


def bootstrap(settings: NotifySettings | None = None) -> Runtime:
    settings = settings or load_settings()
    # the development secret and a missing list key are refused by load_settings (config.py)
    return build_runtime(settings, metadata, NotifyUnitOfWork)


def read_uow_factory(runtime: Runtime) -> UnitOfWorkFactory:
    """Units of work for reading only. On SQLite they begin DEFERRED, as read_connection's
    connections do (services/common/db/engine.py), so they neither wait for nor hold the one
    write lock; on PostgreSQL the option does nothing. Committing a write through one is a
    mistake (it would not have waited its turn)."""
    engine = runtime.engine.execution_options(heard_read_only=True)

    def uow_factory(correlation_id: str | None = None):
        return NotifyUnitOfWork(engine, metadata, runtime.settings.service, correlation_id=correlation_id)

    return uow_factory
