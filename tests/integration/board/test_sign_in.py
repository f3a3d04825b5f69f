"""Signing in to the board workspace: the key becomes a server-side session; CSRF, idle expiry
and revocation end or refuse it. On SQLite and PostgreSQL, with the real app."""
from __future__ import annotations

from sqlalchemy import select

from services.common.auth.store import revoke_key
from services.decisions.adapters.orm import board_sessions
from services.decisions.service_layer.board_sessions import hash_session
from tests.integration.board.conftest import TOKEN


def test_a_board_key_signs_in_and_the_browser_gets_only_an_opaque_session(workspace):
    client, _token = workspace.signed_in()
    cookie = client.get_cookie("heard_board_session", path="/board")

    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert workspace.key not in cookie.value
    with workspace.runtime.engine.connect() as conn:
        stored = conn.execute(select(board_sessions)).all()
    assert [row.session_hash for row in stored] == [hash_session(cookie.value)]
    assert workspace.key not in repr(stored)
    assert "Dashboard" in client.get("/board/").get_data(as_text=True)


def test_the_cookie_is_secure_when_served_over_https(workspace):
    client = workspace.client()
    page = client.get("/board/sign-in", base_url="https://heard.example")
    token = TOKEN.search(page.get_data(as_text=True)).group(1)
    response = client.post("/board/sign-in", base_url="https://heard.example",
                           data={"board_key": workspace.key, "csrf_token": token})
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_wrong_key_says_so_on_the_sign_in_page(workspace):
    client = workspace.client()
    token = TOKEN.search(client.get("/board/sign-in").get_data(as_text=True)).group(1)
    response = client.post("/board/sign-in", data={"board_key": "hk_not-a-key", "csrf_token": token})
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    assert "There is a problem" in page and 'href="#board_key"' in page
    assert "This key is not one Heard knows" in page and 'id="board_key"' in page
    assert client.get("/board/").status_code == 302


def test_every_page_but_sign_in_needs_a_session(workspace):
    response = workspace.client().get("/board/queue")
    assert response.status_code == 302 and response.headers["Location"].endswith("/board/sign-in")


def test_a_form_without_its_csrf_token_is_refused_with_a_clear_page(workspace):
    client, _token = workspace.signed_in()
    response = client.post("/board/decisions/new", data={
        "programme": workspace.programme, "title": "Forged", "summary": "s", "rationale": "r",
        "decided_on": "2026-01-01"})
    page = response.get_data(as_text=True)

    assert response.status_code == 400
    assert "This form could not be accepted" in page and "Traceback" not in page
    assert "Forged" not in client.get("/board/decisions").get_data(as_text=True)
    # and a token from another session is no better
    other, other_token = workspace.signed_in()
    forged = client.post("/board/decisions/new", data={"csrf_token": other_token, "title": "x"})
    assert forged.status_code == 400


def test_the_sign_in_form_needs_its_token_too(workspace):
    response = workspace.client().post("/board/sign-in", data={"board_key": workspace.key})
    assert response.status_code == 400
    assert "This form could not be accepted" in response.get_data(as_text=True)


def test_a_session_idle_for_a_working_day_ends(workspace):
    client, _token = workspace.signed_in()
    workspace.clock.advance(hours=7, minutes=59)
    assert client.get("/board/").status_code == 200  # use keeps it alive...
    workspace.clock.advance(hours=7, minutes=59)
    assert client.get("/board/queue").status_code == 200
    workspace.clock.advance(hours=8, minutes=1)  # ...eight hours without use ends it

    response = client.get("/board/queue")
    assert response.status_code == 302 and "ended=expired" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out because the workspace was not used" in page
    assert client.get("/board/").status_code == 302


def test_a_revoked_key_ends_its_sessions_at_the_next_request(workspace):
    client, _token = workspace.signed_in()
    assert client.get("/board/").status_code == 200
    with workspace.runtime.uow_factory() as uow:
        revoke_key(uow, workspace.key_id)
        uow.commit()

    response = client.get("/board/")
    assert response.status_code == 302 and "ended=revoked" in response.headers["Location"]
    assert "key has been revoked" in client.get(response.headers["Location"]).get_data(as_text=True)
    with workspace.runtime.engine.connect() as conn:
        assert conn.execute(select(board_sessions)).all() == []


def test_signing_out_ends_the_session(workspace):
    client, token = workspace.signed_in()
    response = client.post("/board/sign-out", data={"csrf_token": token})
    assert response.status_code == 303
    assert "You have signed out" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert client.get("/board/").status_code == 302


def test_an_admin_key_is_not_a_board_key(workspace):
    from services.common.auth.store import issue_key

    with workspace.runtime.uow_factory() as uow:
        admin = issue_key(uow, role="admin", label="a")[0].secret
        uow.commit()
    client = workspace.client()
    token = TOKEN.search(client.get("/board/sign-in").get_data(as_text=True)).group(1)
    response = client.post("/board/sign-in", data={"board_key": admin, "csrf_token": token})
    assert response.status_code == 400
    assert "This is not a board&#39;s key" in response.get_data(as_text=True)


def test_signing_in_forgets_sessions_left_idle_past_the_limit(workspace):
    workspace.signed_in()
    workspace.clock.advance(hours=9)
    workspace.signed_in()
    with workspace.runtime.engine.connect() as conn:
        assert len(conn.execute(select(board_sessions)).all()) == 1


def test_the_cookie_is_secure_behind_a_proxy_when_the_public_url_is_https(workspace):
    from dataclasses import replace

    workspace.runtime.settings = replace(workspace.runtime.settings,
                                         public_base_url="https://heard.example")
    client = workspace.client()
    token = TOKEN.search(client.get("/board/sign-in").get_data(as_text=True)).group(1)
    response = client.post("/board/sign-in", data={"board_key": workspace.key, "csrf_token": token})
    assert response.status_code == 303 and "Secure" in response.headers["Set-Cookie"]
