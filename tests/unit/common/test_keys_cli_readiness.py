"""When `heard keys create --wait` gives up, it says what each late service's /readyz reports."""
from __future__ import annotations

from flask import Flask, jsonify

from services.common.cli.keys import readiness_line
from tests.support.live import served


def answering(body: dict, status: int):
    app = Flask(__name__)
    app.add_url_rule("/readyz", "readyz", lambda: (jsonify(body), status))
    return served(app)


def test_a_degraded_service_names_its_lag_broker_errors_and_reasons():
    body = {"status": "degraded", "reasons": ["the worker has not joined its consumer group"],
            "worker": {"key_topics_lag": 3, "lag": 40, "assigned_partitions": 0,
                       "broker_errors": ["NoBrokersAvailable"]}}
    with answering(body, 200) as url:
        line = readiness_line(url)
    assert line == ("degraded; key topics lag 3, lag 40, 0 partitions; broker errors: NoBrokersAvailable; "
                    "the worker has not joined its consumer group")


def test_an_unavailable_service_still_says_why():
    with answering({"status": "unavailable", "reasons": ["the database does not answer"], "worker": None},
                   503) as url:
        assert readiness_line(url) == "unavailable; the database does not answer"


def test_a_service_that_does_not_answer():
    with answering({}, 200) as url:
        pass  # the server is gone now
    assert readiness_line(url) == "/readyz did not answer (URLError)"
