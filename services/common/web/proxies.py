"""The client's address and scheme behind reverse proxies (HEARD_TRUSTED_PROXIES hops).

With 0, the default, X-Forwarded-* headers are ignored: the address is the connection's, so a
client cannot name another address to dodge the per-address rate limits. With N, werkzeug's
ProxyFix takes the address and scheme the N-th proxy from the API saw, so the limits count
clients rather than the balancer, and request.is_secure (Secure cookies) follows the
client's https. A header added by anything before the first trusted proxy is not believed.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask, hops: int) -> None:
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
