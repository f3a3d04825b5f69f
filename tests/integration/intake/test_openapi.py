"""The OpenAPI document describes every endpoint with its schemas and error responses."""
from __future__ import annotations

import pytest

from services.intake.bootstrap import bootstrap
from services.intake.config import load_settings
from services.intake.entrypoints.api import create_app

METHODS = ("get", "post", "put", "patch", "delete")
INTAKE_TAGS = {"partners", "contributors", "inputs", "outcomes", "programmes"}
PUBLIC = {("get", "/v1/programmes")}
EXPECTED = {
    ("post", "/v1/partners"), ("get", "/v1/partners"), ("get", "/v1/partners/{partner_id}"),
    ("patch", "/v1/partners/{partner_id}"), ("post", "/v1/contributors"), ("get", "/v1/contributors"),
    ("get", "/v1/contributors/{contributor_id}"), ("patch", "/v1/contributors/{contributor_id}"),
    ("delete", "/v1/contributors/{contributor_id}"), ("post", "/v1/inputs"), ("get", "/v1/inputs"),
    ("post", "/v1/inputs/batch"), ("get", "/v1/inputs/{input_id}"),
    ("post", "/v1/inputs/{input_id}/withdraw"), ("get", "/v1/inputs/{input_id}/outcome"),
    ("get", "/v1/programmes"),
}


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    database = tmp_path_factory.mktemp("openapi") / "intake.db"
    runtime = bootstrap(load_settings({"HEARD_INTAKE_DATABASE_URL": f"sqlite:///{database}"}))
    response = create_app(runtime=runtime).test_client().get("/openapi.json")
    assert response.status_code == 200
    return response.json


def operations(spec):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if path.startswith("/v1/") and method in item:
                yield method, path, item[method]


def expected_errors(path: str, operation: dict) -> set[str]:
    """The error answers an operation can give, from what it takes."""
    codes = {"401", "403"} if operation.get("security") else set()
    params = {p["in"]: p["name"] for p in operation.get("parameters", [])}
    if "{" in path:
        codes.add("404")
    if "requestBody" in operation:
        codes |= {"413", "422"}
    if "query" in params:
        codes.add("422")
    if params.get("header") == "Idempotency-Key":
        codes.add("409")
    return codes


def test_every_intake_endpoint_is_documented(spec):
    documented = {(m, p) for m, p, op in operations(spec) if INTAKE_TAGS & set(op["tags"])}
    assert documented == EXPECTED


def test_every_v1_operation_has_a_success_schema_and_its_errors(spec):
    for method, path, operation in operations(spec):
        where = f"{method.upper()} {path}"
        success = [code for code in operation["responses"] if code.startswith("2")]
        assert len(success) == 1, where
        assert operation["responses"][success[0]]["content"]["application/json"]["schema"], where
        assert bool(operation.get("security")) != ((method, path) in PUBLIC), where
        if (method, path) not in PUBLIC:
            assert {"401", "403"} <= set(operation["responses"]), where
        if not INTAKE_TAGS & set(operation["tags"]):
            continue  # /v1/keys and /v1/whoami belong to the shared foundation
        assert operation.get("summary"), where
        assert expected_errors(path, operation) <= set(operation["responses"]), where
        for code in expected_errors(path, operation):
            answer = operation["responses"][code]
            assert "$ref" in answer or answer["content"]["application/json"]["schema"], (where, code)
        if method in ("post", "patch"):
            assert operation["requestBody"]["content"]["application/json"]["schema"], where
        if method == "post":
            assert "Idempotency-Key" in {p["name"] for p in operation["parameters"]}, where


def test_error_body_schema_is_the_shared_one(spec):
    assert set(spec["components"]["schemas"]["ErrorOut"]["properties"]) == {
        "code", "status", "message", "errors"}
