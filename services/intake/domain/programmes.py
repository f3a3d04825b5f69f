"""What intake knows of a programme: decisions registers them and announces each change."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

OPEN = "open"


@dataclass(frozen=True)
class KnownProgramme:
    programme_id: str
    name: str
    status: str  # open | closed
    updated_at: datetime
    shared_decision_stage: str | None = None  # named by a programme run as co-production

    @property
    def is_open(self) -> bool:
        return self.status == OPEN
