"""Decision event payloads (Python types, as a consumer receives them) for unit tests."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

BOARD = str(uuid.UUID(int=1))
PARTNER = str(uuid.UUID(int=2))
NOW = datetime(2027, 3, 14, 10, 30, tzinfo=UTC)


def link(contributor_id: str | None, influence: str = "adopted", explanation: str = "We did it.",
         partner_id: str = PARTNER) -> dict:
    return {"input_id": uuid.uuid4(), "contributor_id": None if contributor_id is None
            else uuid.UUID(contributor_id), "partner_id": uuid.UUID(partner_id),
            "influence": influence, "explanation": explanation}


def facts(decision_id: str) -> dict:
    return {"decision_id": uuid.UUID(decision_id), "board_id": uuid.UUID(BOARD),
            "board_name": "Mental Health Board", "programme": "Crisis care 2027",
            "title": "Open a crisis café", "summary": "A café open all night.",
            "rationale": "People asked for it.", "decided_on": date(2027, 3, 10),
            "public_url": f"http://decisions.test/decisions/{decision_id}"}


def published(decision_id: str, links: list[dict], published_at: datetime = NOW) -> dict:
    return {**facts(decision_id), "revision": 1, "published_at": published_at,
            "no_input_considered": False, "links": links}


def revised(decision_id: str, links: list[dict], revision: int = 2, changed=()) -> dict:
    return {**facts(decision_id), "revision": revision, "reason": "Hours changed.",
            "revised_at": NOW, "links": links, "changed_input_ids": list(changed)}


def progress(decision_id: str, links: list[dict], entry_id: str | None = None) -> dict:
    return {**facts(decision_id), "entry_id": uuid.UUID(entry_id or str(uuid.uuid4())),
            "status": "in_progress", "previous_status": "planned", "percent": 40,
            "note": "Building found.", "recorded_at": NOW, "links": links}


def new_id() -> str:
    return str(uuid.uuid4())
