"""Programmes: the registered things input is given to and boards cover.

A programme's name is what partners type on every input, so it never changes once registered
(input and decisions carry it); its description can be edited, and it can be closed to new input
and opened again. A programme run as co-production names the commissioning stage at which its
contributors shared decision-making; its input may then claim co-production without naming it
item by item."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

OPEN = "open"
CLOSED = "closed"
STATUSES = (OPEN, CLOSED)
UNCHANGED = object()  # an edit that leaves a value as it is (None clears the stage)


@dataclass(frozen=True)
class Programme:
    programme_id: str
    name: str
    slug: str
    description: str
    status: str
    created_at: datetime
    updated_at: datetime
    shared_decision_stage: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    def edited(self, now: datetime, *, description: str | None = None, status: str | None = None,
               shared_decision_stage: object = UNCHANGED) -> Programme:
        """The programme with a new description, status and/or stage of shared decision-making;
        unchanged values keep the clock."""
        stage = self.shared_decision_stage if shared_decision_stage is UNCHANGED else shared_decision_stage
        if stage is not None and not isinstance(stage, str):
            raise TypeError("shared_decision_stage is a stage name or None")
        changed = replace(self, description=self.description if description is None else description,
                          status=self.status if status is None else status,
                          shared_decision_stage=stage)
        return self if changed == self else replace(changed, updated_at=now)
