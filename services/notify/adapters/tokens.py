"""Signed unsubscribe tokens, and the keyed hash that stands for an address in them.

The token carries a keyed hash of the address, never the address: it appears in URLs, logs and
browser histories. The same hash is what the unsubscribe list stores, so its key (the list key)
never changes, while the signing secrets may rotate: the current one signs, the previous ones are
still accepted, so links already sent keep working and nobody who opted out is emailed again.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

_HASH = re.compile(r"^[0-9a-f]{64}$")


class UnsubscribeTokens:
    def __init__(self, secret: str, previous: Sequence[str] = (), list_key: str | None = None):
        """`list_key` keys the address hashes; unset, the signing secret does (as before the two
        were separate, so a list keyed that way stays valid once the secret is its list key)."""
        self.secret, self.previous = secret, tuple(previous)
        # itsdangerous signs with the last key and accepts every one
        self._serializer = URLSafeSerializer([*self.previous, secret], salt="heard.notify.unsubscribe")
        # derived, so a hash in a token is no help in forging the token's signature
        self._hash_key = hashlib.sha256(b"heard.notify.address-hash\x00"
                                        + (list_key or secret).encode()).digest()

    @classmethod
    def for_settings(cls, mail) -> UnsubscribeTokens:
        return cls(mail.unsubscribe_secret, mail.unsubscribe_previous_secrets, mail.unsubscribe_list_key)

    def address_hash(self, address: str) -> str:
        normalised = address.strip().lower().encode()
        return hmac.new(self._hash_key, normalised, hashlib.sha256).hexdigest()

    def token_for(self, address: str) -> str:
        return self._serializer.dumps({"a": self.address_hash(address)})

    def address_hash_in(self, token: str) -> str | None:
        """The address hash a genuine token carries; None for anything else."""
        try:
            payload = self._serializer.loads(token)
        except BadSignature:
            return None
        value = payload.get("a") if isinstance(payload, dict) else None
        return value if isinstance(value, str) and _HASH.match(value) else None


OUTCOME_PAGE_SECONDS = 365 * 24 * 3600  # a personal outcome link works for a year


class OutcomeTokens:
    """Signed links to one contributor's outcome page for one decision: no account, unguessable,
    expiring after a year. They carry ids only."""

    def __init__(self, secret: str, previous: Sequence[str] = ()):
        self._serializer = URLSafeTimedSerializer([*previous, secret], salt="heard.notify.outcome-page")

    @classmethod
    def for_settings(cls, mail) -> OutcomeTokens:
        return cls(mail.unsubscribe_secret, mail.unsubscribe_previous_secrets)

    def token_for(self, contributor_id: str, decision_id: str) -> str:
        return self._serializer.dumps({"c": contributor_id, "d": decision_id})

    def read(self, token: str, *, max_age: int = OUTCOME_PAGE_SECONDS) -> tuple[str, str] | None:
        """(contributor_id, decision_id) from a genuine, unexpired token; None otherwise."""
        try:
            payload = self._serializer.loads(token, max_age=max_age)
        except BadSignature:  # SignatureExpired is a BadSignature too
            return None
        if not isinstance(payload, dict) or not all(isinstance(payload.get(k), str) for k in "cd"):
            return None
        return payload["c"], payload["d"]
