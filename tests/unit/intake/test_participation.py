"""The faux-production rules: the one table in domain/participation.py, and the 422 body."""
from __future__ import annotations

from datetime import date

import pytest
from marshmallow import ValidationError

from services.common.contracts.events.common import ENGAGEMENT_METHODS, PARTICIPATION_LEVELS
from services.intake.domain.participation import HIGHEST_RUNG, LADDER, participation_problems, stage_claimed
from services.intake.entrypoints.api.input_schemas import BatchIn, InputIn

BODY = {"programme": "Crisis care", "topics": ["nights"], "summary": "A&E at night.",
        "gathered_on": date(2026, 11, 1).isoformat()}


@pytest.mark.parametrize("method", ["survey", "comment_form"])
@pytest.mark.parametrize("level", ["co-design", "co-production"])
def test_a_survey_or_comment_form_is_never_co_design_or_co_production(method, level):
    [problem] = participation_problems(method, level, "designing_services")
    assert "cannot be" in problem and "'engagement' at most" in problem
    assert "informing, consultation, engagement, co-design, co-production" in problem, "the ladder"


@pytest.mark.parametrize("method", ["survey", "comment_form"])
@pytest.mark.parametrize("level", ["informing", "consultation", "engagement"])
def test_a_survey_may_honestly_be_up_to_engagement(method, level):
    assert participation_problems(method, level, None) == []


def test_co_production_needs_the_stage_at_which_decisions_were_shared():
    [problem] = participation_problems("co_design_session", "co-production", None)
    assert "shared_decision_stage" in problem
    assert participation_problems("co_design_session", "co-production", "setting_priorities") == []
    assert participation_problems("workshop", "co-design", None) == [], "co-design needs no stage"


def test_the_table_speaks_the_shared_vocabulary():
    assert LADDER == PARTICIPATION_LEVELS
    assert set(HIGHEST_RUNG) <= set(ENGAGEMENT_METHODS)
    assert set(HIGHEST_RUNG.values()) <= set(LADDER)


def test_the_request_schema_refuses_faux_production_naming_participation_level():
    with pytest.raises(ValidationError) as refused:
        InputIn().load({**BODY, "engagement_method": "survey", "participation_level": "co-production",
                        "shared_decision_stage": "designing_services"})
    assert list(refused.value.messages) == ["participation_level"]
    loaded = InputIn().load({**BODY, "engagement_method": "workshop",
                             "participation_level": "co-production",
                             "shared_decision_stage": "designing_services"})
    assert loaded["shared_decision_stage"] == "designing_services"
    with pytest.raises(ValidationError) as in_batch:
        BatchIn().load({"inputs": [{**BODY, "engagement_method": "workshop",
                                    "participation_level": "engagement"},
                                   {**BODY, "engagement_method": "survey",
                                    "participation_level": "co-design"}]})
    assert list(in_batch.value.messages["inputs"]) == [1], "batch errors name the item"
    assert list(in_batch.value.messages["inputs"][1]) == ["participation_level"]


def test_a_programme_naming_the_stage_lets_its_input_claim_co_production():
    assert participation_problems("co_design_session", "co-production", None, "choosing_providers") == []
    [problem] = participation_problems("co_design_session", "co-production", None, None)
    assert "on the input or on its programme" in problem
    [survey] = participation_problems("survey", "co-production", None, "choosing_providers")
    assert "A survey cannot be" in survey, "a programme's stage never lifts the method's ceiling"


def test_an_accepted_input_records_the_stage_it_was_accepted_with():
    assert stage_claimed("co-production", None, "delivering") == "delivering"
    assert stage_claimed("co-production", "reviewing", "delivering") == "reviewing", "its own first"
    assert stage_claimed("co-design", None, "delivering") is None, "only co-production takes it"


def test_the_request_schema_leaves_the_stage_to_the_use_case():
    loaded = InputIn().load({**BODY, "engagement_method": "workshop",
                             "participation_level": "co-production"})
    assert loaded["shared_decision_stage"] is None, "the programme may name it: checked on submit"
