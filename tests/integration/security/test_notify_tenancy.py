"""Another tenant's key on every keyed operation of notify, from its OpenAPI document (see
openapi_tenancy.py), and every operation without a key accounted for: notify's public pages are
reached by signed links from one person's own email, so the token, not a key, is the authority."""
from __future__ import annotations

from services.common.auth.keys import generate_key
from services.common.auth.store import apply_key_event
from services.common.db.types import utcnow
from services.notify.adapters.tokens import OutcomeTokens, UnsubscribeTokens
from services.notify.entrypoints.api import create_app
from services.notify.service_layer.directory import apply_contact
from tests.integration.notify.events import new_id
from tests.integration.notify.support import FAST_DELIVERY
from tests.integration.notify.test_notifications_api import _contact, _decision
from tests.integration.security.openapi_tenancy import Tenancy
from tests.support.services import make_runtime

SIGNED_LINK = "no key: the signed token in the person's own email names them (and a decision)"
PUBLIC = {
    ("GET", "/healthz"): "a probe: answers with no data of any tenant",
    ("GET", "/readyz"): "a probe: counts and reasons, no data of any tenant",
    ("GET", "/unsubscribe/{token}"): SIGNED_LINK,
    ("POST", "/unsubscribe/{token}"): SIGNED_LINK,
    ("GET", "/outcome/{token}"): SIGNED_LINK,
    ("POST", "/outcome/{token}"): SIGNED_LINK,
    ("GET", "/outcome/{token}/answer/{choice}"): SIGNED_LINK,
}
# notify takes no request body on a keyed operation today; a new one must say what it sends
NOTIFY_BODIES: dict = {}


def _key(runtime, role: str, *, partner_id=None, board_id=None) -> tuple[str, dict]:
    key = generate_key()
    with runtime.engine.begin() as conn:
        apply_key_event(conn, runtime.api_keys_table, {
            "key_id": key.key_id, "key_hash": key.key_hash, "role": role, "partner_id": partner_id,
            "board_id": board_id, "label": "tenancy", "created_at": utcnow(), "revoked_at": None},
            "decisions" if role == "board" else "intake")
    return key.key_id, {"Authorization": f"Bearer {key.secret}"}


def test_another_tenants_key_on_every_notify_operation(database_url):
    runtime = make_runtime("notify", database_url, "127.0.0.1:9", **FAST_DELIVERY)  # no broker needed
    try:
        client = create_app(runtime=runtime).test_client()
        board, partner, person = new_id(), new_id(), new_id()
        board_key_id, board_key = _key(runtime, "board", board_id=board)
        partner_key_id, _ = _key(runtime, "partner", partner_id=partner)
        with runtime.uow_factory() as uow:
            apply_contact(uow, _contact(person, partner, "sam@example.org", consent=True))
            decision_id = _decision(uow, board, partner, [person])
            uow.commit()
        mine = client.get("/v1/notifications", headers=board_key).json["items"]
        assert [n["contributor_id"] for n in mine] == [person]  # the first tenant sees its own
        secrets = [decision_id, person, mine[0]["notification_id"], board_key_id, partner_key_id,
                   "sam@example.org"]
        spec = client.get("/openapi.json").json
        for stranger in (_key(runtime, "board", board_id=new_id())[1],
                         _key(runtime, "partner", partner_id=new_id())[1]):
            tenancy = Tenancy(client, stranger, {}, NOTIFY_BODIES, secrets=secrets, public=PUBLIC)
            problems = tenancy.check(spec)
            assert problems == [], "\n".join(problems)
    finally:
        runtime.engine.dispose()


def test_the_public_pages_take_only_genuine_tokens(database_url):
    """What makes the signed-link exemption safe: a token signed with another secret is refused."""
    runtime = make_runtime("notify", database_url, "127.0.0.1:9", **FAST_DELIVERY)
    try:
        client = create_app(runtime=runtime).test_client()
        forged_unsubscribe = UnsubscribeTokens("somebody-elses-secret-123").token_for("sam@example.org")
        forged_outcome = OutcomeTokens("somebody-elses-secret-123").token_for(new_id(), new_id())
        for method, path in PUBLIC:
            if "{token}" not in path:
                continue
            token = forged_unsubscribe if path.startswith("/unsubscribe") else forged_outcome
            response = client.open(path.format(token=token, choice="yes"), method=method,
                                   data={"answer": "yes"})
            assert response.status_code in (400, 404), (method, path, response.status_code)
    finally:
        runtime.engine.dispose()


def test_an_operation_without_a_key_must_be_listed_as_public():
    spec = {"paths": {"/v1/open/{thing_id}": {"get": {}}, "/healthz": {"get": {}}}}
    problems = Tenancy(None, {}, {}, {}, public={("GET", "/healthz"): "a probe"}).check(spec)
    assert problems == ["GET /v1/open/{thing_id}: takes no key and is not listed as public with its reason"]
