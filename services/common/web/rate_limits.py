"""Rate limits on every service (flask-limiter): per API key, per client address, and a stricter
one per address on the heavy public reads (the accountability report, the figure pages and the
open-data exports). Over a limit: 429 with Retry-After, in the service's usual error body.

Counts live in each process's memory (storage "memory://"): enough for one process; with N
gunicorn workers a client gets up to N times each limit, and a restart forgets the counts. A
shared storage (Redis, memcached: limits' storage URIs) would make them exact across processes.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

from flask import Flask, request
from flask_limiter import ApplicationLimit, Limiter
from flask_limiter.util import get_remote_address

from services.common.settings import RateLimits

# probes and scrapes come from the platform, often many a minute from one address
EXEMPT_ENDPOINTS = frozenset({"health.healthz", "health.readyz", "metrics.metrics", "static"})


def _key_of_request() -> str:
    """The presented key, hashed (the limiter's storage never holds a secret)."""
    secret = request.headers.get("Authorization", "").partition(" ")[2].strip()
    return hashlib.sha256(secret.encode()).hexdigest()


def _no_key() -> bool:
    return not request.headers.get("Authorization", "").partition(" ")[2].strip()


def install_rate_limits(app: Flask, limits: RateLimits, heavy_endpoints: Iterable[str] = ()) -> Limiter:
    heavy = frozenset(heavy_endpoints)

    def exempt() -> bool:
        return request.endpoint in EXEMPT_ENDPOINTS or (request.endpoint or "").endswith(".static")

    limiter = Limiter(
        get_remote_address, app=app, storage_uri="memory://", headers_enabled=True,
        enabled=limits.enabled, strategy="moving-window",
        application_limits=[
            ApplicationLimit(limits.per_address, key_function=get_remote_address, scope="address",
                             exempt_when=exempt),
            ApplicationLimit(limits.per_key, key_function=_key_of_request, scope="key",
                             exempt_when=lambda: _no_key() or exempt()),
            ApplicationLimit(limits.heavy, key_function=get_remote_address, scope="heavy",
                             exempt_when=lambda: request.endpoint not in heavy),
        ],
    )
    return limiter
