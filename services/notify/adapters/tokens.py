"""Signed unsubscribe tokens, and the keyed hash that stands for an address in them.

The token carries a keyed hash of the address, never the address: it appears in URLs, logs and
browser histories. The same hash is what the unsubscribe list stores.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

_HASH = re.compile(r"^[0-9a-f]{64}$")


class UnsubscribeTokens:
    def __init__(self, secret: str):
        self.secret = secret
        self._serializer = URLSafeSerializer(secret, salt="heard.notify.unsubscribe")
        # a key of its own, so a hash in a token is no help in forging the token's signature
        self._hash_key = hashlib.sha256(b"heard.notify.address-hash\x00" + secret.encode()).digest()

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

    def __init__(self, secret: str):
        self._serializer = URLSafeTimedSerializer(secret, salt="heard.notify.outcome-page")

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
