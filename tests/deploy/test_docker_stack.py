"""The Docker-SDK stack's start-up and tear-down logic, on a fake engine (no Docker needed)."""
from __future__ import annotations

import pytest

from tests.deploy.compose import dependencies
from tests.deploy.docker_stack import Stack
from tests.deploy.fake_docker import FakeEngine

STATE_OF = {"service_healthy": "healthy", "service_completed_successfully": "exited",
            "service_started": "running"}


def test_each_container_is_created_after_its_dependencies_reached_their_condition():
    engine = FakeEngine()
    stack = Stack(engine, start_timeout=5)
    stack.start()

    services = stack.compose["services"]
    assert engine.events[0] == ("build", stack.image)
    assert {event[1] for event in engine.events if event[0] == "pull"} == {
        services[name]["image"] for name in ("kafka", "postgres", "mailpit")}
    created_at = {event[1]: i for i, event in enumerate(engine.events) if event[0] == "create"}
    assert set(created_at) == set(services)
    for name, service in services.items():
        for dependency, condition in dependencies(service).items():
            seen = ("seen", dependency, STATE_OF[condition])
            assert seen in engine.events[:created_at[name]], f"{name} created before {seen}"
    for name, service in services.items():
        if "healthcheck" in service:
            assert ("seen", name, "healthy") in engine.events, name


def test_a_failed_job_stops_the_start_with_its_log_and_nothing_waits_on_it_further():
    engine = FakeEngine(exit_codes={"notify-migrate": 3})
    stack = Stack(engine, start_timeout=5)
    with pytest.raises(AssertionError, match="notify-migrate exited with 3:\nthe last lines of its log"):
        stack.start()
    created = {container.name for container in engine.created}
    assert "notify-migrate" in created and "notify-api" not in created


def test_tear_down_removes_everything_of_the_project_whatever_start_reached():
    engine = FakeEngine(exit_codes={"intake-migrate": 1})
    stack = Stack(engine, start_timeout=5)
    with pytest.raises(AssertionError):
        stack.start()
    stack.remove()
    assert set(engine.removed) == ({c.name for c in engine.created} | {stack.image}
                                   | {f"{stack.project}_default"}
                                   | {f"{stack.project}_{name}"
                                      for name in ("kafka-data", "postgres-data", "decisions-open-data")})


def test_urls_use_the_published_host_port_and_commands_give_their_last_line():
    engine = FakeEngine()
    stack = Stack(engine, start_timeout=5)
    stack.start()
    assert stack.url("intake-api", 8001) == "http://127.0.0.1:49000"
    assert stack.run("intake-api", ["heard", "keys", "create", "--role", "admin"]).splitlines()[-1] == "secret-key"
