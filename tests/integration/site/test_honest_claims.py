"""Public pages flag a decision called co-produced that no co-produced input backs, and show one
explanation given to more than 50 inputs as one explanation (SQLite and PostgreSQL)."""
from __future__ import annotations

import uuid
from datetime import timedelta

from services.decisions.service_layer.boards import register_board
from services.decisions.service_layer.decisions import link_inputs, record_decision
from services.decisions.service_layer.publishing import publish_decision
from tests.integration.site.conftest import page_text
from tests.integration.site.dataset import BASE_URL, DECIDED
from tests.support.programmes import programme_ids

BULK = "We read every answer to the survey and it informed the plan."
FLAG = "this decision is described as co-produced"


def test_faux_co_production_is_flagged_and_a_bulk_explanation_shown_as_one(client, runtime):
    programme, partner = f"Carers {uuid.uuid4().hex[:6]}", str(uuid.uuid4())
    covered = programme_ids(runtime.uow_factory, programme)
    with runtime.uow_factory() as uow:
        board = register_board(uow, name=f"Carers Board {uuid.uuid4().hex[:6]}", organisation="ICB",
                               outcome_due_days=30, programmes=covered, now=DECIDED)
    with runtime.uow_factory() as uow:
        ids = [str(uuid.uuid4()) for _ in range(52)]
        for n, input_id in enumerate(ids):
            uow.inputs.record_submitted({
                "input_id": input_id, "partner_id": partner, "contributor_id": None,
                "programme": programme, "summary": "Respite breaks are too short.", "body": None,
                "engagement_method": "survey" if n else "co_design_session",
                "participation_level": "consultation" if n else "co-design",
                "gathered_on": (DECIDED - timedelta(days=10)).date(),
                "submitted_at": DECIDED - timedelta(days=9), "quote_anonymously": False}, ["respite"])
        uow.commit()

    def decide(title: str, summary: str, cited: list[str]) -> str:
        with runtime.uow_factory() as uow:
            decision = record_decision(uow, board.board_id, programme=programme, title=title,
                                       summary=summary, rationale="Carers asked for it.",
                                       decided_on=DECIDED.date(), now=DECIDED)
        with runtime.uow_factory() as uow:
            link_inputs(uow, board.board_id, decision.decision_id, input_ids=cited,
                        influence="noted", explanation=BULK, now=DECIDED)
        with runtime.uow_factory() as uow:
            publish_decision(uow, board.board_id, decision.decision_id, no_input_considered=False,
                             public_base_url=BASE_URL, now=DECIDED + timedelta(hours=1))
        return decision.decision_id

    faux = decide("Longer respite breaks", "We co-produced this with carers.", ids[:51])
    plain = decide("A carers' helpline", "A helpline open every evening.", ids[51:])

    board_page = " ".join(page_text(client, f"/boards/{board.slug}").split())
    assert board_page.count(FLAG) == 1, "only the decision called co-produced"
    faux_page = " ".join(page_text(client, f"/decisions/{faux}").split())
    assert FLAG in faux_page
    assert faux_page.count("One explanation given for 51 inputs.") == 51
    plain_page = " ".join(page_text(client, f"/decisions/{plain}").split())
    assert FLAG not in plain_page and "One explanation given for" not in plain_page
