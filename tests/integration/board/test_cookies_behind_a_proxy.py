"""The board workspace's cookies behind a reverse proxy that ends TLS: Secure when a trusted proxy
(HEARD_TRUSTED_PROXIES) says the client used https, and not on a forwarded header alone."""
from __future__ import annotations

from tests.integration.board.conftest import TOKEN


def _sign_in_behind_a_proxy(workspace, hops: int):
    from dataclasses import replace

    from services.decisions.entrypoints.api import create_app

    workspace.runtime.settings = replace(workspace.runtime.settings, trusted_proxies=hops)
    client = create_app(runtime=workspace.runtime, config={"TESTING": True}).test_client()
    https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    token = TOKEN.search(client.get("/board/sign-in", headers=https).get_data(as_text=True)).group(1)
    response = client.post("/board/sign-in", headers=https,
                           data={"board_key": workspace.key, "csrf_token": token})
    assert response.status_code == 303
    return response.headers["Set-Cookie"]


def test_the_cookie_is_secure_when_a_trusted_proxy_says_the_client_used_https(workspace):
    assert "Secure" in _sign_in_behind_a_proxy(workspace, hops=1)


def test_an_untrusted_forwarded_proto_does_not_make_the_cookie_secure(workspace):
    assert "Secure" not in _sign_in_behind_a_proxy(workspace, hops=0)
