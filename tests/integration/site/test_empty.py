"""A brand-new installation: no boards, then input that no board covers yet. Nothing may fail."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from tests.integration.site.conftest import page_text


def test_every_public_page_and_the_figures_answer_on_an_empty_database(client):
    assert "Heard" in page_text(client, "/")
    page_text(client, "/data")
    figures = client.get("/v1/reports/accountability").json
    assert figures["inputs"]["received"] == 0 and figures["inputs"]["overdue"] == 0
    assert figures["inputs"]["closed_loop_rate"] is None


def test_input_that_no_board_covers_is_shown_and_never_overdue(client, runtime):
    inputs = runtime.metadata.tables["inputs"]
    with runtime.engine.begin() as conn:
        conn.execute(insert(inputs).values(
            input_id=str(uuid.uuid4()), partner_id=str(uuid.uuid4()), contributor_id=None,
            programme="Carers' breaks", summary="I need a break.", body=None,
            engagement_method="survey", participation_level="consultation",
            gathered_on=date.today() - timedelta(days=400),
            submitted_at=datetime.now(UTC) - timedelta(days=400), quote_anonymously=False))
    assert "Carers" in page_text(client, "/")
    figures = client.get("/v1/reports/accountability").json["inputs"]
    assert figures["received"] == 1 and figures["overdue"] == 0 and figures["oldest_overdue_days"] is None
