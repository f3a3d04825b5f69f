"""Every /v1 operation documents its success schema and the errors it can answer."""
from __future__ import annotations

import pytest

from services.decisions.bootstrap import bootstrap
from services.decisions.config import load_settings
from services.decisions.entrypoints.api import create_app


PUBLIC = {("/v1/reports/accountability", "get"), ("/v1/programmes", "get"),
          ("/v1/programmes/{programme_id}", "get")}


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    db = tmp_path_factory.mktemp("openapi") / "decisions.db"
    runtime = bootstrap(load_settings({"HEARD_DECISIONS_DATABASE_URL": f"sqlite:///{db}"}))
    response = create_app(runtime=runtime).test_client().get("/openapi.json")
    assert response.status_code == 200
    return response.json


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if path.startswith("/v1/") and method in ("get", "post", "delete", "put", "patch"):
                yield path, method, operation


def test_the_issue_s_endpoints_are_all_documented(spec):
    documented = {(path, method) for path, method, _ in operations(spec)}
    for expected in [("/v1/programmes", "post"), ("/v1/programmes", "get"),
                     ("/v1/programmes/{programme_id}", "get"), ("/v1/programmes/{programme_id}", "patch"),
                     ("/v1/boards", "post"), ("/v1/boards/{board_id}", "get"), ("/v1/queue", "get"),
                     ("/v1/boards/{board_id}", "patch"), ("/v1/boards/{board_id}/retire", "post"),
                     ("/v1/decisions", "post"), ("/v1/decisions", "get"),
                     ("/v1/decisions/{decision_id}", "get"),
                     ("/v1/decisions/{decision_id}/links", "post"),
                     ("/v1/decisions/{decision_id}/links/{input_id}", "delete"),
                     ("/v1/decisions/{decision_id}/publish", "post"),
                     ("/v1/decisions/{decision_id}/revisions", "post"),
                     ("/v1/decisions/{decision_id}/progress", "post")]:
        assert expected in documented


def test_every_operation_has_a_success_schema_and_its_error_codes(spec):
    for path, method, operation in operations(spec):
        where = f"{method.upper()} {path}"
        responses = operation["responses"]
        success = [code for code in responses if code.startswith("2")]
        assert len(success) == 1, where
        if success[0] != "204":
            assert "schema" in responses[success[0]]["content"]["application/json"], where
        # every operation needs a key except the public figures
        assert bool(operation.get("security")) != ((path, method) in PUBLIC), where
        expected = {"401", "403"} if operation.get("security") else set()
        if "{" in path and "keys" not in path:
            expected.add("404")
        if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
            expected.add("422")
        assert expected <= set(responses), f"{where} documents {sorted(responses)}"
        for code in expected:
            assert responses[code].get("content") or "$ref" in responses[code], (where, code)
