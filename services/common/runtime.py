"""What a running service is wired to. Built by each service's bootstrap(), never at import."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, MetaData, Table

from services.common.db.unit_of_work import SqlUnitOfWork
from services.common.messaging.probe import BrokerProbe
from services.common.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    metadata: MetaData
    uow_factory: Callable[..., SqlUnitOfWork]
    broker: BrokerProbe
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def api_keys_table(self) -> Table:
        return self.metadata.tables["api_keys"]

    @property
    def outbox_table(self) -> Table:
        return self.metadata.tables["outbox"]
