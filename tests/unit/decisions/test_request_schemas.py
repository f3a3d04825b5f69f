"""Request schemas: one of the two link forms, bulk limits, unknown fields refused."""
from __future__ import annotations

import uuid

import pytest
from marshmallow import ValidationError

from services.decisions.entrypoints.api.links import LinksIn
from services.decisions.entrypoints.api.progress import ProgressIn
from services.decisions.entrypoints.api.publication import RevisionIn

OK = {"influence": "noted", "explanation": "This informed the discussion."}


def ids(count: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(count)]


@pytest.mark.parametrize("body,field", [
    ({**OK}, "input_id"),
    ({**OK, "input_id": ids(1)[0], "input_ids": ids(1)}, "input_id"),
    ({**OK, "input_ids": []}, "input_ids"),
    ({**OK, "input_ids": ids(1001)}, "input_ids"),
    ({**OK, "input_ids": ids(1), "influence": "ignored"}, "influence"),
    ({**OK, "input_ids": ids(1), "weight": 3}, "weight"),
])
def test_bad_link_requests_name_the_field(body, field):
    with pytest.raises(ValidationError) as refused:
        LinksIn().load(body)
    assert field in refused.value.messages


def test_a_thousand_inputs_answered_alike_is_fine():
    assert len(LinksIn().load({**OK, "input_ids": ids(1000)})["input_ids"]) == 1000


def test_revision_links_are_checked_one_by_one():
    with pytest.raises(ValidationError) as refused:
        RevisionIn().load({"reason": "Budget", "links": [
            {"input_id": ids(1)[0], "influence": "adapted", "explanation": "Short."}]})
    assert "explanation" in refused.value.messages["links"][0]


@pytest.mark.parametrize("percent", [-1, 101, "50"])
def test_percent_is_a_whole_number_from_0_to_100(percent):
    with pytest.raises(ValidationError) as refused:
        ProgressIn().load({"status": "planned", "percent": percent})
    assert "percent" in refused.value.messages
