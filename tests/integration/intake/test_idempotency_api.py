"""Idempotency-Key: a retry gets the first response and creates nothing; another body is 409."""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

from services.intake.adapters.orm import contributors, inputs, partners
from tests.integration.intake.support import contributor_body, input_body


def retry(api, url, body, headers, key="retry-1"):
    return api.client.post(url, json=body, headers={**headers, "Idempotency-Key": key})


def test_retrying_an_input_returns_the_first_response_and_creates_nothing(api, partner):
    body = input_body()
    first = retry(api, "/v1/inputs", body, partner.headers)
    # same content, different key order and spacing: still the same request
    again = api.client.post("/v1/inputs", data=json.dumps(dict(reversed(body.items())), indent=2),
                            headers={**partner.headers, "Idempotency-Key": "retry-1",
                                     "Content-Type": "application/json"})

    assert first.status_code == again.status_code == 201
    assert again.get_data() == first.get_data()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert api.count(inputs) == 1
    assert len(api.outbox("intake.input-submitted.v1")) == 1


def test_same_key_with_another_body_or_endpoint_is_409(api, partner):
    assert retry(api, "/v1/inputs", input_body(), partner.headers).status_code == 201

    changed = retry(api, "/v1/inputs", input_body(summary="Something else"), partner.headers)
    elsewhere = retry(api, "/v1/contributors", contributor_body(), partner.headers)

    assert changed.status_code == elsewhere.status_code == 409
    assert set(changed.json["errors"]) == {"Idempotency-Key"}
    assert api.count(inputs) == 1 and api.count(contributors) == 0


def test_keys_belong_to_their_partner(api, partner, other_partner):
    assert retry(api, "/v1/inputs", input_body(), partner.headers).status_code == 201
    theirs = retry(api, "/v1/inputs", input_body(), other_partner.headers)
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs.headers
    assert api.count(inputs) == 2


def test_a_failed_request_does_not_use_up_its_key(api, partner):
    assert retry(api, "/v1/inputs", input_body(summary=""), partner.headers).status_code == 422
    assert retry(api, "/v1/inputs", input_body(), partner.headers).status_code == 201


def test_every_post_replays(api, partner):
    partner_body = {"name": "Eastside Voices", "contact_email": "hello@eastside.example"}
    first_partner = retry(api, "/v1/partners", partner_body, api.admin)
    assert retry(api, "/v1/partners", partner_body, api.admin).get_data() == first_partner.get_data()
    assert api.count(partners) == 2  # the fixture's partner and this one

    person = contributor_body()
    first_contributor = retry(api, "/v1/contributors", person, partner.headers, "c")
    assert retry(api, "/v1/contributors", person, partner.headers, "c").get_data() == \
        first_contributor.get_data()
    assert api.count(contributors) == 1

    batch = {"inputs": [input_body(), input_body()]}
    first_batch = retry(api, "/v1/inputs/batch", batch, partner.headers, "b")
    assert retry(api, "/v1/inputs/batch", batch, partner.headers, "b").get_data() == \
        first_batch.get_data()
    assert api.count(inputs) == 2

    url = f"/v1/inputs/{first_batch.json['items'][0]['input_id']}/withdraw"
    first_withdrawal = retry(api, url, {"reason": "asked"}, partner.headers, "w")
    replayed = retry(api, url, {"reason": "asked"}, partner.headers, "w")
    assert first_withdrawal.status_code == replayed.status_code == 200
    assert replayed.headers["Idempotent-Replayed"] == "true"
    assert len(api.outbox("intake.input-withdrawn.v1")) == 1


def test_an_overlong_key_is_422(api, partner):
    response = retry(api, "/v1/inputs", input_body(), partner.headers, key="k" * 201)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"Idempotency-Key"}


def test_simultaneous_retries_with_one_key_create_one_input(api, partner):
    body, clients = input_body(), 6
    start = threading.Barrier(clients)

    def post():
        client = api.client.application.test_client()
        start.wait(timeout=10)
        return client.post("/v1/inputs", json=body,
                           headers={**partner.headers, "Idempotency-Key": "flaky-wifi"})

    with ThreadPoolExecutor(clients) as pool:
        answers = [future.result() for future in [pool.submit(post) for _ in range(clients)]]

    assert [a.status_code for a in answers] == [201] * clients
    assert len({a.get_data() for a in answers}) == 1
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == clients - 1
    assert api.count(inputs) == 1
    assert len(api.outbox("intake.input-submitted.v1")) == 1
