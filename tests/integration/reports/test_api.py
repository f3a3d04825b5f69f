"""GET /v1/reports/accountability over HTTP: public, JSON or CSV, and its errors."""
from __future__ import annotations

import csv
import io
import uuid

import pytest

from services.decisions.bootstrap import bootstrap
from services.decisions.config import load_settings
from services.decisions.entrypoints.api import create_app
from services.decisions.service_layer.reports import ReportFilter, accountability_report
from tests.integration.reports.dataset import BOARD, CRISIS, PARTNER_A, PARTNER_B

URL = "/v1/reports/accountability"


@pytest.fixture
def client(engine, database_url):
    runtime = bootstrap(load_settings({"HEARD_DECISIONS_DATABASE_URL": database_url}))
    yield create_app(runtime=runtime).test_client()
    runtime.engine.dispose()


def test_json_needs_no_key_and_is_the_report(client, engine):
    response = client.get(URL, query_string={"programme": CRISIS, "board": BOARD["B1"]})
    assert response.status_code == 200 and response.mimetype == "application/json"
    expected = accountability_report(engine, ReportFilter(programme=CRISIS, board_id=BOARD["B1"]))
    assert response.json == expected
    assert response.json["inputs"]["received"] == 7


def test_csv_has_one_row_per_scope(client):
    response = client.get(URL, headers={"Accept": "text/csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["scope"], r["name"]) for r in rows] == [
        ("overall", ""), ("board", "Board B1"), ("board", "Board B2"), ("board", "Board B3"),
        ("partner", "Northtown Peer Support"), ("partner", "Southvale Healthwatch")]
    overall, b1 = rows[0], rows[1]
    assert {k: overall[k] for k in ("received", "withdrawn", "with_outcome", "closed_loop",
                                    "not_wanted", "anonymous", "closed_loop_rate", "days_to_outcome_median",
                                    "days_to_closed_loop_p90")} == {
        "received": "11", "withdrawn": "1", "with_outcome": "6", "closed_loop": "4",
        "not_wanted": "1", "anonymous": "1", "closed_loop_rate": "0.444",
        "days_to_outcome_median": "7.0", "days_to_closed_loop_p90": "11.4"}
    assert (overall["influence_adopted"], overall["participation_shaping_co-production"],
            overall["notifications_sent"]) == ("3", "1", "3")
    assert (b1["scope_id"], b1["received"], b1["days_to_outcome_p90"]) == (BOARD["B1"], "7", "16.0")
    assert b1["influence_adopted"] == "" and b1["notifications_sent"] == ""  # overall row only
    assert [r["scope_id"] for r in rows[4:]] == [PARTNER_A, PARTNER_B]


def test_an_empty_figure_is_an_empty_cell(client):
    response = client.get(URL, query_string={"programme": "Nothing here"},
                          headers={"Accept": "text/csv"})
    overall = next(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert (overall["received"], overall["closed_loop_rate"], overall["days_to_outcome_median"]) == (
        "0", "", "")


@pytest.mark.parametrize("query, field", [
    ({"from": "2027-03-01", "to": "2027-02-01"}, "to"),
    ({"from": "yesterday"}, "from"),
    ({"programme": ""}, "programme"),
    ({"partner_id": PARTNER_A}, "partner_id"),  # unknown parameters are rejected, not ignored
])
def test_invalid_query_is_422_naming_the_field(client, query, field):
    response = client.get(URL, query_string=query)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {field}


@pytest.mark.parametrize("param", ["board", "partner"])
def test_unknown_board_or_partner_is_404(client, param):
    response = client.get(URL, query_string={param: str(uuid.uuid4())})
    assert response.status_code == 404
    assert response.json["code"] == 404 and response.json["message"]


def test_the_openapi_document_offers_both_media_types(client):
    operation = client.get("/openapi.json").json["paths"][URL]["get"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    assert "security" not in operation
    assert {"404", "422"} <= set(operation["responses"])
    assert {p["name"] for p in operation["parameters"]} == {"programme", "board", "partner", "from", "to"}
