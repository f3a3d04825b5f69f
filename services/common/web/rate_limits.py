"""Rate limits on every service: per API key, per client address, and a stricter one per address
on the heavy public reads (the accountability report, the figure pages and the open-data
exports). Over a limit: 429 with Retry-After, in the service's usual error body (or the site's
own page); every limited response carries X-RateLimit-Limit/-Remaining/-Reset of the tightest
limit it was counted against.

Counted with the `limits` package's sliding window counter: the current window's count plus
the previous window's, weighted by the share of it still inside the window (so about N in any
window, not an exact N). Two counters per client, whatever the traffic: the moving window keeps
one entry per request (84,000 a minute at the bench's rate), and with it the home page's p99
was 64 ms instead of 15 (docs/performance.md, "Rate limits, checked once"). Checked in one
before-request hook: which limits apply depends only on the endpoint and on whether a key was
presented, so nothing is resolved per request. (flask-limiter, used before, resolved its limits
and their exemptions on every request: that doubled the CPU of a kept public page.)

Counts live in each process's memory: enough for one process; with N gunicorn workers a client
gets up to N times each limit, and a restart forgets the counts. A shared storage (Redis,
memcached: limits' storage URIs) would make them exact across processes.
"""
from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterable

from flask import Flask, Response, g, request
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter
from werkzeug.exceptions import TooManyRequests

from services.common.settings import RateLimits

# probes and scrapes come from the platform, often many a minute from one address
EXEMPT_ENDPOINTS = frozenset({"health.healthz", "health.readyz", "metrics.metrics", "static"})
_WHOSE = {"address": "this address", "key": "this key", "heavy": "this address on this page"}


class RequestLimiter:
    """The three kinds of limit of one process, and the hooks that check and report them."""

    def __init__(self, limits: RateLimits, heavy_endpoints: Iterable[str] = ()) -> None:
        self._window = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._per_address = parse_many(limits.per_address)
        self._per_key = parse_many(limits.per_key)
        self._heavy_limits = parse_many(limits.heavy)
        self._heavy = frozenset(heavy_endpoints)

    def _applying(self) -> list[tuple[RateLimitItem, str, str]]:
        endpoint = request.endpoint or ""
        if endpoint in EXEMPT_ENDPOINTS or endpoint.endswith(".static"):
            return []
        address = request.remote_addr or "127.0.0.1"  # after ProxyFix, when proxies are trusted
        applying = [(item, "address", address) for item in self._per_address]
        secret = request.headers.get("Authorization", "").partition(" ")[2].strip()
        if secret:  # hashed: the counts never hold a secret
            digest = hashlib.sha256(secret.encode()).hexdigest()
            applying += [(item, "key", digest) for item in self._per_key]
        if endpoint in self._heavy:
            applying += [(item, "heavy", address) for item in self._heavy_limits]
        return applying

    def check(self) -> None:
        """Before each request: count it against every limit that applies, in order; the first
        one it is over refuses it (limits before it have counted it, as a retry would be)."""
        tightest = None
        for item, scope, who in self._applying():
            allowed = self._window.hit(item, scope, who)
            stats = self._window.get_window_stats(item, scope, who)
            if not allowed:
                g.rate_limit = (item, stats)
                g.retry_after = wait = max(1, math.ceil(stats.reset_time - time.time()))
                raise TooManyRequests(
                    f"Too many requests from {_WHOSE[scope]}: at most {item}. "
                    f"Try again in {wait} seconds.")
            if tightest is None or stats.remaining < tightest[1].remaining:
                tightest = (item, stats)
        g.rate_limit = tightest

    @staticmethod
    def add_headers(response: Response) -> Response:
        counted = g.get("rate_limit")
        if counted is not None:
            item, stats = counted
            response.headers["X-RateLimit-Limit"] = str(item.amount)
            response.headers["X-RateLimit-Remaining"] = str(stats.remaining)
            response.headers["X-RateLimit-Reset"] = str(math.ceil(stats.reset_time))
        if response.status_code == 429 and "retry_after" in g:
            response.headers["Retry-After"] = str(g.retry_after)
        return response


def install_rate_limits(app: Flask, limits: RateLimits,
                        heavy_endpoints: Iterable[str] = ()) -> RequestLimiter | None:
    if not limits.enabled:
        return None
    limiter = RequestLimiter(limits, heavy_endpoints)
    app.before_request(limiter.check)
    app.after_request(limiter.add_headers)
    return limiter
