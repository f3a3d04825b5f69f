"""Through the real pipeline: intake's and notify's events on the real broker, the decisions
worker, the board's API, and the public figures moving at each step."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tests.e2e.decisions.conftest import Stack, ids_of
from tests.integration.decisions import events
from tests.support.polling import wait_for
from tests.support.services import make_runtime, running_worker


def test_figures_follow_input_outcomes_notifications_and_withdrawal(kafka_bootstrap, database_url):
    runtime = make_runtime("decisions", database_url, kafka_bootstrap)
    with running_worker("decisions", runtime):
        stack = Stack(runtime, kafka_bootstrap)
        board = stack.new_board(outcome_due_days=5)
        partner_id = str(uuid.uuid4())
        events.produce(kafka_bootstrap, events.PARTNER, events.partner_registered(partner_id))
        submitted = stack.submit(board.programme, 3, partner_id=partner_id)  # about 10 days ago
        ids = ids_of(submitted)

        def figures(**query) -> dict:
            response = stack.client.get("/v1/reports/accountability",
                                        query_string={"programme": board.programme, **query})
            assert response.status_code == 200, response.json
            return response.json

        before = figures()
        assert before["inputs"] == {"received": 3, "withdrawn": 0, "with_outcome": 0,
                                    "closed_loop": 0, "not_wanted": 0, "anonymous": 0,
                                    "closed_loop_rate": 0.0, "overdue": 3,
                                    "oldest_overdue_days": before["inputs"]["oldest_overdue_days"]}
        assert before["inputs"]["oldest_overdue_days"] >= 9
        # boards of other tests that cover every programme reach this database too (shared broker)
        assert board.board_id in [b["board_id"] for b in before["boards"]]

        decision_id = board.draft()["decision_id"]
        assert board.link(decision_id, ids[:2]).status_code == 201
        assert board.post(f"/v1/decisions/{decision_id}/publish").status_code == 200
        published = wait_for(lambda: (f := figures())["inputs"]["with_outcome"] == 2 and f,
                             message="the outcome in the figures")
        assert published["inputs"]["closed_loop"] == 0  # both contributors are still to be told
        assert published["inputs"]["overdue"] == 1
        assert published["influence_mix"]["adopted"] == 2
        assert published["participation_shaping"]["consultation"] == 2
        assert 9 <= published["days_to_outcome"]["median"] <= 11

        told = submitted[0]["payload"]
        events.produce(kafka_bootstrap, events.SENT, events.notification(
            events.SENT, decision_id=decision_id, board_id=board.board_id,
            contributor_id=told["contributor_id"], partner_id=partner_id, input_ids=[ids[0]],
            at=datetime.now(UTC)))
        closed = wait_for(lambda: (f := figures())["inputs"]["closed_loop"] == 1 and f,
                          message="the closed loop in the figures")
        assert closed["notifications"] == {"sent": 1, "failed": 0, "suppressed": 0}
        assert closed["inputs"]["closed_loop_rate"] == 0.333

        # the second contributor has no address: their partner phones them and records it
        events.produce(kafka_bootstrap, events.SUPPRESSED, events.notification(
            events.SUPPRESSED, decision_id=decision_id, board_id=board.board_id,
            contributor_id=submitted[1]["payload"]["contributor_id"], partner_id=partner_id,
            input_ids=[ids[1]], at=datetime.now(UTC), reason="no_email"))
        events.produce(kafka_bootstrap, events.RELAYED, events.outcome_relayed(
            decision_id=decision_id, contributor_id=submitted[1]["payload"]["contributor_id"],
            partner_id=partner_id, input_ids=[ids[1]], at=datetime.now(UTC)))
        relayed = wait_for(lambda: (f := figures())["inputs"]["closed_loop"] == 2 and f,
                           message="the partner's relay in the figures")
        assert relayed["inputs"]["closed_loop_rate"] == 0.667
        assert relayed["notifications"] == {"sent": 1, "failed": 0, "suppressed": 1}

        events.produce(kafka_bootstrap, events.WITHDRAWN, events.input_withdrawn(submitted[2]))
        withdrawn = wait_for(lambda: (f := figures())["inputs"]["withdrawn"] == 1 and f,
                             message="the withdrawal in the figures")
        assert (withdrawn["inputs"]["received"], withdrawn["inputs"]["overdue"]) == (2, 0)
        assert withdrawn["inputs"]["closed_loop_rate"] == 1.0
        partner = wait_for(lambda: figures(partner=partner_id)["partners"][0]["name"],
                           message="the partner's name from its registration")
        assert partner == "Northtown Peer Support"
    runtime.engine.dispose()
