"""Limits on every service: JSON nesting depth (422, not 500), query-string length (414), and rate
limits per key, per address and on the heavy public reads (429 with Retry-After).

The limits are counted in windows aligned to the clock, so the tests give theirs per day: a
test that straddled a window's end would see the previous window's count weighted down."""
from __future__ import annotations

import importlib

import pytest

from services.common.auth.keys import generate_key
from services.common.auth.store import apply_key_event
from services.common.db.types import utcnow
from services.common.cli import catalogue
from services.common.web.request_limits import MAX_JSON_DEPTH, json_depth
from tests.support.services import make_runtime

# a JSON endpoint of each service that needs no stored state to reach its validation
JSON_POSTS = {"intake": "/v1/partners", "decisions": "/v1/boards", "notify": "/v1/keys"}


def app_for(service: str, runtime):
    return importlib.import_module(f"services.{service}.entrypoints.api").create_app(runtime=runtime)


@pytest.fixture
def admin_of():
    made = []

    def make(runtime) -> dict:
        new_key = generate_key()
        record = {"key_id": new_key.key_id, "key_hash": new_key.key_hash, "role": "admin",
                  "partner_id": None, "board_id": None, "label": "limits", "created_at": utcnow(),
                  "revoked_at": None}
        with runtime.uow_factory() as uow:  # as if it came from intake's key topic
            apply_key_event(uow.connection, runtime.api_keys_table, record, "intake")
            uow.commit()
        secret = new_key.secret
        made.append(runtime)
        return {"Authorization": f"Bearer {secret}"}
    yield make
    for runtime in made:
        runtime.engine.dispose()


def nested(depth: int) -> str:
    return '{"name": ' + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "}"


def test_depth_counts_brackets_outside_strings_only():
    assert json_depth(b'{"a": [1, {"b": "[[[[{{{"}]}', 10) == 3
    assert json_depth(b'"\\"[[["', 10) == 0
    assert json_depth(b"[" * 500, 32) == 33  # stops counting past the limit


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_deeply_nested_json_is_refused_with_422_naming_the_problem(service, kafka_bootstrap, sqlite_url,
                                                                   admin_of):
    runtime = make_runtime(service, sqlite_url, kafka_bootstrap)
    headers = {**admin_of(runtime), "Content-Type": "application/json"}
    client = app_for(service, runtime).test_client()
    deep = client.post(JSON_POSTS[service], data=nested(50_000), headers=headers)  # ~100 kB
    assert deep.status_code == 422, deep.data[:300]
    assert deep.json["errors"] == {"body": [f"Nested deeper than {MAX_JSON_DEPTH} levels."]}
    assert "nested deeper" in deep.json["message"]
    shallow = client.post(JSON_POSTS[service], data=nested(MAX_JSON_DEPTH), headers=headers)
    assert shallow.status_code in (405, 422)  # notify issues no keys: 405
    assert "body" not in (shallow.json or {}).get("errors", {})


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_a_long_query_string_is_refused_with_414(service, kafka_bootstrap, sqlite_url, admin_of):
    runtime = make_runtime(service, sqlite_url, kafka_bootstrap)
    client = app_for(service, runtime).test_client()
    refused = client.get("/v1/keys?cursor=" + "a" * 3000, headers=admin_of(runtime))
    assert refused.status_code == 414
    assert refused.json["errors"] == {"query_string": ["At most 2048 bytes."]}
    assert client.get("/v1/keys?limit=5", headers=admin_of(runtime)).status_code == 200


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_a_key_over_its_rate_gets_429_with_retry_after_and_other_keys_go_on(service, kafka_bootstrap,
                                                                           database_url, admin_of):
    runtime = make_runtime(service, database_url, kafka_bootstrap, HEARD_RATE_LIMITS="on",
                           HEARD_RATE_LIMIT_PER_KEY="3/day")
    client = app_for(service, runtime).test_client()
    busy, other = admin_of(runtime), admin_of(runtime)
    assert [client.get("/v1/whoami", headers=busy).status_code for _ in range(3)] == [200] * 3
    limited = client.get("/v1/whoami", headers=busy)
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.json["code"] == 429 and limited.json["status"] == "Too Many Requests"
    assert client.get("/v1/whoami", headers=other).status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_an_address_over_its_rate_gets_429_whatever_key_it_sends(service, kafka_bootstrap, sqlite_url, admin_of):
    runtime = make_runtime(service, sqlite_url, kafka_bootstrap, HEARD_RATE_LIMITS="on",
                           HEARD_RATE_LIMIT_PER_ADDRESS="4/day")
    client = app_for(service, runtime).test_client()
    codes = [client.get("/v1/whoami", headers=admin_of(runtime)).status_code for _ in range(5)]
    assert codes == [200] * 4 + [429]
    elsewhere = client.get("/v1/whoami", headers=admin_of(runtime), environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert elsewhere.status_code == 200
    assert [client.get("/healthz").status_code for _ in range(5)] == [200] * 5  # probes exempt


def test_responses_say_how_many_are_left_and_a_refusal_names_the_limit(kafka_bootstrap, sqlite_url,
                                                                        admin_of):
    runtime = make_runtime("intake", sqlite_url, kafka_bootstrap, HEARD_RATE_LIMITS="on",
                           HEARD_RATE_LIMIT_PER_ADDRESS="3/day", HEARD_RATE_LIMIT_PER_KEY="2/day")
    client = app_for("intake", runtime).test_client()
    key = admin_of(runtime)
    counted = [client.get("/v1/whoami", headers=key) for _ in range(2)]
    # the key's limit is the tighter one: it is the one reported
    assert [(r.headers["X-RateLimit-Limit"], r.headers["X-RateLimit-Remaining"]) for r in counted] \
        == [("2", "1"), ("2", "0")]
    assert int(counted[0].headers["X-RateLimit-Reset"]) > 0
    refused = client.get("/v1/whoami", headers=key)
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 0 < wait <= 24 * 3600
    assert refused.json["message"] == (f"Too many requests from this key: at most 2 per 1 day. "
                                       f"Try again in {wait} seconds.")
    # the refused request still counted against the address (the third of its three)
    anonymous = client.get("/v1/whoami")
    assert anonymous.status_code == 429
    assert anonymous.json["message"].startswith("Too many requests from this address: at most 3 per 1 day.")
    probe = client.get("/healthz")
    assert probe.status_code == 200 and "X-RateLimit-Limit" not in probe.headers


def test_the_public_report_and_exports_have_a_stricter_limit(kafka_bootstrap, database_url, admin_of):
    runtime = make_runtime("decisions", database_url, kafka_bootstrap, HEARD_RATE_LIMITS="on",
                           HEARD_RATE_LIMIT_HEAVY="2/day")
    client = app_for("decisions", runtime).test_client()
    admin = admin_of(runtime)
    assert [client.get("/v1/reports/accountability").status_code for _ in range(2)] == [200, 200]
    report = client.get("/v1/reports/accountability")
    assert report.status_code == 429 and "Retry-After" in report.headers
    export = client.get("/data/decisions.csv")
    assert export.status_code == 429 and "Retry-After" in export.headers
    assert b"<html" in export.data  # the site answers with its own page
    # everything else from the same address goes on under the general limits
    assert [client.get("/v1/whoami", headers=admin).status_code for _ in range(5)] == [200] * 5
    other = client.get("/data/decisions.csv", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 200


def test_the_suite_runs_without_limits_but_a_service_has_them_by_default():
    assert catalogue.load_settings("intake", {}).rate_limits.enabled
    from services.common.settings import SettingsError
    with pytest.raises(SettingsError, match="HEARD_RATE_LIMIT_HEAVY"):
        catalogue.load_settings("intake", {"HEARD_RATE_LIMIT_HEAVY": "lots"})
