"""Wiring shared by every service's bootstrap(): engine, probe, unit-of-work factory."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import MetaData

from services.common.db.engine import make_engine
from services.common.messaging.probe import BrokerProbe
from services.common.runtime import Runtime
from services.common.settings import Settings


def build_runtime(settings: Settings, metadata: MetaData, uow_class: Callable,
                  runtime_class: type[Runtime] = Runtime, **extras) -> Runtime:
    engine = make_engine(settings.database_url)

    def uow_factory(correlation_id: str | None = None):
        return uow_class(engine, metadata, settings.service, correlation_id=correlation_id)

    return runtime_class(settings=settings, engine=engine, metadata=metadata,
                         uow_factory=uow_factory, broker=BrokerProbe(settings.kafka),
                         **extras)
