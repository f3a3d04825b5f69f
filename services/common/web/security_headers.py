"""Security headers on every response of every service, HTML and JSON alike.

Blueprints with pages (the public site, the board workspace, /docs, notify's pages) set a
policy fitted to them first; every other response gets the strictest one: load nothing, never
be framed. A page may style itself only with its own stylesheets or with inline <style> blocks
whose hashes its policy names (`policy_with_inline_styles`)."""
from __future__ import annotations

import base64
import hashlib
import re

from flask import Flask, Response

DEFAULT_POLICY = "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def policy_with_inline_styles(html: str) -> str:
    """DEFAULT_POLICY plus the hash of each <style> block of this page: those and no others."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in _STYLE_BLOCK.findall(html))
    return DEFAULT_POLICY + (f"; style-src {hashes}" if hashes else "")


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", DEFAULT_POLICY)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors, for old browsers
    return response


def install_security_headers(app: Flask) -> None:
    app.after_request(add_security_headers)
