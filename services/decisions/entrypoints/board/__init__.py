"""The board workspace at /board/: where board members go from the queue to a published outcome
in a browser. Server-rendered forms that work without JavaScript; every change goes through the
same service-layer functions as the API. Register `board_blueprint()` on the decisions app."""
from __future__ import annotations

from flask import Blueprint


def board_blueprint() -> Blueprint:
    # importing the view modules attaches their routes to the one blueprint
    from services.decisions.entrypoints.board import (  # noqa: F401 - importing attaches the routes
        dashboard, decisions, links, preview, publication, queue, sign_in,
    )
    from services.decisions.entrypoints.board.blueprint import blp
    return blp
