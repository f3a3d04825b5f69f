"""Access to the running service's wiring from inside a request."""
from __future__ import annotations

from flask import current_app


def current_runtime():
    return current_app.extensions["heard"]
