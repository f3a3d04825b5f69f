"""The unsubscribe list is keyed by its own stable key: rotating the signing secret keeps every
opt-out and every link already sent (SQLite and PostgreSQL)."""
from __future__ import annotations

from services.notify.adapters.tokens import UnsubscribeTokens
from services.notify.entrypoints.api import create_app
from tests.support.services import make_runtime

FIRST, SECOND = "first-signing-secret-" + "a" * 16, "second-signing-secret-" + "b" * 16
LIST_KEY = "the-unsubscribe-list-key-" + "c" * 16
ADDRESS = "sam.rotation@example.org"


def opted_out(runtime, address: str) -> bool:
    tokens = UnsubscribeTokens.for_settings(runtime.settings.mail)
    with runtime.uow_factory() as uow:
        return uow.unsubscribes.contains(tokens.address_hash(address))


def test_rotating_the_signing_secret_keeps_opt_outs_and_links_already_sent(kafka_bootstrap, database_url):
    before = make_runtime("notify", database_url, kafka_bootstrap, HEARD_UNSUBSCRIBE_SECRET=FIRST,
                          HEARD_UNSUBSCRIBE_LIST_KEY=LIST_KEY)
    sent_link = UnsubscribeTokens.for_settings(before.settings.mail).token_for(ADDRESS)
    other_link = UnsubscribeTokens.for_settings(before.settings.mail).token_for("alex@example.org")
    assert create_app(runtime=before).test_client().post(f"/unsubscribe/{sent_link}").status_code == 200
    before.engine.dispose()

    after = make_runtime("notify", database_url, kafka_bootstrap, HEARD_UNSUBSCRIBE_SECRET=SECOND,
                         HEARD_UNSUBSCRIBE_PREVIOUS_SECRETS=FIRST, HEARD_UNSUBSCRIBE_LIST_KEY=LIST_KEY)
    try:
        assert opted_out(after, ADDRESS)
        assert not opted_out(after, "alex@example.org")
        client = create_app(runtime=after).test_client()
        assert client.post(f"/unsubscribe/{other_link}").status_code == 200  # an old link still works
        assert opted_out(after, "alex@example.org")
    finally:
        after.engine.dispose()

    # the list is keyed by the list key alone: without it the signing secret would key it, and
    # the same opt-out would no longer be found (what rotating used to do)
    unkeyed = make_runtime("notify", database_url, kafka_bootstrap, HEARD_UNSUBSCRIBE_SECRET=SECOND)
    try:
        assert not opted_out(unkeyed, ADDRESS)
    finally:
        unkeyed.engine.dispose()
