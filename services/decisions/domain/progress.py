"""Implementation progress: each entry is news, even a change of status alone."""
from __future__ import annotations

import uuid
from datetime import datetime

from services.decisions.domain.errors import Invalid
from services.decisions.domain.model import ProgressEntry


def next_entry(previous: ProgressEntry | None, status: str, percent: int, note: str,
               at: datetime) -> ProgressEntry:
    note = note.strip()
    if previous is not None and (previous.status, previous.percent) == (status, percent) and not note:
        raise Invalid("This entry says nothing new.",
                      {"note": ["Say what happened: status and percent are unchanged."]})
    return ProgressEntry(
        entry_id=str(uuid.uuid4()), sequence=(previous.sequence + 1) if previous else 1,
        status=status, previous_status=previous.status if previous else None,
        percent=percent, note=note, recorded_at=at)
