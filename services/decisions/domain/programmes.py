"""Programmes: the registered things input is given to and boards cover.

A programme's name is what partners type on every input, so it never changes once registered
(input and decisions carry it); its description can be edited, and it can be closed to new input
and opened again."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

OPEN = "open"
CLOSED = "closed"
STATUSES = (OPEN, CLOSED)


@dataclass(frozen=True)
class Programme:
    programme_id: str
    name: str
    slug: str
    description: str
    status: str
    created_at: datetime
    updated_at: datetime

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    def edited(self, now: datetime, *, description: str | None = None,
               status: str | None = None) -> Programme:
        """The programme with a new description and/or status; unchanged values keep the clock."""
        changed = replace(self, description=self.description if description is None else description,
                          status=self.status if status is None else status)
        return self if changed == self else replace(changed, updated_at=now)
