"""The board's home in the workspace: its accountability figures (the public board page's own),
overdue input, drafts in progress and emails that could not be delivered."""
from __future__ import annotations

from flask import g, redirect, url_for

from services.common.web.runtime import current_runtime
from services.decisions.entrypoints.board import security
from services.decisions.entrypoints.board.blueprint import blp
from services.decisions.entrypoints.board.forms import page
from services.decisions.service_layer import workspace


@blp.get("/")
def dashboard():
    runtime = current_runtime()
    shown = workspace.dashboard(runtime.uow_factory, runtime.engine, g.board_session.board_id,
                                security.now())
    return page("board/dashboard.html", **shown)


@blp.get("/home")
def home():
    return redirect(url_for("board.dashboard"))
