"""Implementation progress on a published decision: a timeline entry and an event each time."""
from __future__ import annotations

from datetime import datetime

from services.common.db.types import utcnow
from services.decisions.domain.model import ProgressEntry
from services.decisions.domain.progress import next_entry
from services.decisions.service_layer.boards import board_of
from services.decisions.service_layer.decisions import decision_to_change
from services.decisions.service_layer.events import PROGRESS_UPDATED, decision_facts, public_links
from services.decisions.service_layer.publishing import current_links
from services.decisions.service_layer.unit_of_work import UnitOfWork


def record_progress(uow: UnitOfWork, board_id: str, decision_id: str, *, status: str, percent: int, note: str,
                    public_base_url: str, now: datetime | None = None) -> ProgressEntry:
    now = now or utcnow()
    decision = decision_to_change(uow, board_id, decision_id)
    decision.require_published("progress is recorded")
    entry = next_entry(decision.latest_progress(), status, percent, note, now)
    uow.decisions.add_progress(decision_id, entry)
    uow.publish(PROGRESS_UPDATED, {
        **decision_facts(decision, board_of(uow, board_id), public_base_url),
        "entry_id": entry.entry_id, "status": entry.status, "previous_status": entry.previous_status,
        "percent": entry.percent, "note": entry.note, "recorded_at": entry.recorded_at,
        "links": public_links(uow, current_links(decision))})
    uow.commit()
    return entry
