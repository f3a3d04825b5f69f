"""schemathesis against each service's own OpenAPI document, signed in as an admin: whatever it
generates, no answer is a 5xx and every answer matches the schema the document gives for it."""
from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance

from services.common.auth.keys import generate_key
from services.common.auth.store import apply_key_event
from services.common.db.types import utcnow
from services.common.cli import catalogue
from tests.support.services import make_runtime

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
# few examples per operation, the same ones on every run: CI time is bounded and repeatable
FUZZ = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def _service_app(service: str, database_url: str):
    import importlib

    runtime = make_runtime(service, database_url, "127.0.0.1:1")  # the APIs need no broker
    admin = generate_key()  # issued by intake, as every admin key is, and synced here
    with runtime.engine.begin() as conn:
        apply_key_event(conn, runtime.api_keys_table, {
            "key_id": admin.key_id, "key_hash": admin.key_hash, "role": "admin", "partner_id": None,
            "board_id": None, "label": "schemathesis", "created_at": utcnow(), "revoked_at": None},
            "intake")
    app = importlib.import_module(catalogue.app_target(service).split(":")[0]).create_app(
        runtime=runtime)
    return runtime, app, {"Authorization": f"Bearer {admin.secret}"}


def fuzz(app, headers: dict) -> tuple[list[str], Counter]:
    """Every operation of the app's document, fuzzed: (failures, answers per status class)."""
    failures: list[str] = []
    statuses: Counter = Counter()
    for result in schemathesis.openapi.from_wsgi("/openapi.json", app).get_all_operations():
        if not isinstance(result, Ok):
            failures.append(f"the document has an operation schemathesis cannot read: {result.err()}")
            continue
        operation = result.ok()

        @given(case=operation.as_strategy())
        @FUZZ
        def run(case):
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            statuses[response.status_code // 100] += 1

        try:
            run()
        except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001 - collected, reported together
            failures.append(f"{operation.label}: {str(failure)[:1500]}")
    return failures, statuses


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_no_server_error_and_every_answer_matches_the_document(service, database_url):
    runtime, app, headers = _service_app(service, database_url)
    try:
        failures, statuses = fuzz(app, headers)
        assert failures == [], "\n\n".join(failures)
        assert statuses[2] > 0 and statuses[4] > 0, statuses  # signed in, and fuzzed
    finally:
        runtime.engine.dispose()


def test_the_fuzzer_reports_a_5xx_and_an_answer_off_its_schema():
    app = Flask("toy")

    @app.get("/openapi.json")
    def document():
        answer = {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}}}}
        return {"openapi": "3.0.3", "info": {"title": "toy", "version": "1"}, "paths": {
            "/off-schema": {"get": {"responses": {"200": answer}}},
            "/broken": {"get": {"responses": {"200": answer}}}}}

    @app.get("/off-schema")
    def off_schema():
        return {"n": "not a number"}

    @app.get("/broken")
    def broken():
        raise RuntimeError("boom")

    failures, _ = fuzz(app, {})
    assert [f.split(":")[0] for f in sorted(failures)] == ["GET /broken", "GET /off-schema"]
