"""Mailpit holds every email Heard sends, live unsubscribe links included: in docker-compose.yml
it runs only in the `dev` profile, asks for a login, and listens on this host's loopback alone,
whatever address the operator publishes the APIs on."""
from __future__ import annotations

import pytest

from tests.deploy.compose import InterpolationError, environment, load_compose, resolved_compose
from tests.deploy.conftest import example_env


def test_mailpit_is_in_the_dev_profile_and_nothing_else_is(compose):
    profiles = {name: spec.get("profiles") for name, spec in compose["services"].items()}
    assert profiles.pop("mailpit") == ["dev"]
    assert set(profiles.values()) == {None}  # the rest starts with or without the profile


def test_nothing_needs_mailpit_when_the_profile_is_off():
    for name, spec in load_compose()["services"].items():
        needs = (spec.get("depends_on") or {}).get("mailpit")
        if needs is not None:
            assert needs.get("required") is False, f"{name} would not start without the dev profile"


def test_the_inbox_asks_for_the_password_from_env(compose):
    assert environment(compose["services"]["mailpit"])["MP_UI_AUTH"] == \
        f"heard:{example_env()['HEARD_MAILPIT_UI_PASSWORD']}"
    with pytest.raises(InterpolationError, match="HEARD_MAILPIT_UI_PASSWORD"):
        resolved_compose(example_env(HEARD_MAILPIT_UI_PASSWORD=""))


def test_the_inbox_is_on_loopback_even_when_the_apis_are_published_everywhere():
    compose = resolved_compose({**example_env(), "HEARD_BIND_ADDRESS": "0.0.0.0"})
    assert compose["services"]["intake-api"]["ports"] == ["0.0.0.0:8001:8001"]  # the setting works
    assert compose["services"]["mailpit"]["ports"] == ["127.0.0.1:8025:8025"]
