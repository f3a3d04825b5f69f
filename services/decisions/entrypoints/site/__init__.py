"""The public "You said, we did" site, served by decisions: no key, no JavaScript.
Register `site_blueprint()` on the decisions app."""
from __future__ import annotations

from flask import Blueprint


def site_blueprint() -> Blueprint:
    # importing the page modules attaches their routes to the one blueprint
    from services.decisions.entrypoints.site import data, pages  # noqa: F401 - imported for their routes
    from services.decisions.entrypoints.site.blueprint import blp
    return blp
