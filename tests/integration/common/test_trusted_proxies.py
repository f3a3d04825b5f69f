"""HEARD_TRUSTED_PROXIES on every service: with 0 (the default) X-Forwarded-For is not believed,
so a client cannot forge addresses to dodge the per-address limit; with 1, the address the
proxy saw is the one the limit counts."""
from __future__ import annotations

import importlib

import pytest

from services.common.cli import catalogue
from services.common.settings import SettingsError
from tests.support.services import make_runtime

PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the balancer's address


def limited_client(service: str, sqlite_url: str, kafka_bootstrap: str, hops: str):
    runtime = make_runtime(service, sqlite_url, kafka_bootstrap, HEARD_RATE_LIMITS="on",
                           HEARD_RATE_LIMIT_PER_ADDRESS="2/day", HEARD_TRUSTED_PROXIES=hops)
    app = importlib.import_module(f"services.{service}.entrypoints.api").create_app(runtime=runtime)
    return runtime, app.test_client()


def whoami(client, forwarded_for: str) -> int:
    return client.get("/v1/whoami", headers={"X-Forwarded-For": forwarded_for}, environ_base=PROXY).status_code


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_without_trusted_proxies_a_forged_forwarded_for_does_not_change_the_address(
        service, sqlite_url, kafka_bootstrap):
    runtime, client = limited_client(service, sqlite_url, kafka_bootstrap, "0")
    codes = [whoami(client, f"203.0.113.{n}") for n in range(3)]
    assert codes == [401, 401, 429]  # counted as one address, whatever the header says
    runtime.engine.dispose()


@pytest.mark.parametrize("service", catalogue.SERVICES)
def test_behind_one_trusted_proxy_each_client_address_is_counted_on_its_own(
        service, sqlite_url, kafka_bootstrap):
    runtime, client = limited_client(service, sqlite_url, kafka_bootstrap, "1")
    assert [whoami(client, f"203.0.113.{n}") for n in range(3)] == [401, 401, 401]
    # the client sent its own X-Forwarded-For; the proxy appended the address it saw: the last
    assert [whoami(client, f"198.51.100.{n}, 203.0.113.9") for n in range(3)] == [401, 401, 429]
    runtime.engine.dispose()


def test_the_setting_is_a_small_number_of_hops():
    assert catalogue.load_settings("notify", {}).trusted_proxies == 0
    assert catalogue.load_settings("intake", {"HEARD_TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    with pytest.raises(SettingsError, match="HEARD_TRUSTED_PROXIES"):
        catalogue.load_settings("decisions", {"HEARD_TRUSTED_PROXIES": "yes"})
