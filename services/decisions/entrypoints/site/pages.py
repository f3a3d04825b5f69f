"""The public pages: programmes, one programme, one board's scorecard, one decision."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date

from flask import abort, current_app, render_template, request

from services.common.web.pagination import decode_cursor, encode_cursor
from services.common.web.runtime import current_runtime
from services.decisions.domain.errors import NotFound
from services.decisions.entrypoints.site import charts
from services.decisions.entrypoints.site.blueprint import blp
from services.decisions.service_layer import public_pages
from services.decisions.service_layer.reports import utc_today

HOME_SECONDS = 60  # how long the home page's figures are reused (config: SITE_HOME_SECONDS)


def _engine():
    return current_runtime().engine


def _found(page, *args, **kwargs) -> dict:
    try:
        return page(_engine(), *args, **kwargs)
    except NotFound:
        abort(404)


def _after() -> tuple[date, str] | None:
    """The ?after= cursor of a list of decisions: (decided_on, decision_id) of the last shown."""
    values = decode_cursor(request.args.get("after"))
    if values is None:
        return None
    try:
        decided_on, decision_id = values
        return date.fromisoformat(decided_on), str(decision_id)
    except (TypeError, ValueError):
        abort(400)


def _next_link(decisions: dict) -> str | None:
    if decisions["next"] is None:
        return None
    decided_on, decision_id = decisions["next"]
    return encode_cursor([decided_on.isoformat(), decision_id])


def _figure_charts(figures: dict, by_month: list[dict]) -> list[charts.Chart]:
    return [charts.closed_loop_chart("closed-loop", by_month),
            charts.influence_chart("influence", figures["influence_mix"]),
            charts.participation_chart("participation", figures["participation_received"],
                                       figures["participation_shaping"])]


def _home_page() -> str:
    """The home page's figures scan every input, so the page is worked out and rendered at most
    once a minute per process; requests meanwhile wait for that one rendering, not repeat it."""
    state = current_app.extensions.setdefault(
        "heard.site.home", {"lock": threading.Lock(), "at": None, "page": None})
    seconds = current_app.config.get("SITE_HOME_SECONDS", HOME_SECONDS)
    with state["lock"]:
        if state["at"] is None or time.monotonic() - state["at"] >= seconds:
            page = render_template("site/home.html", **public_pages.home(_engine()))
            state["page"], state["at"] = page, time.monotonic()
        return state["page"]


def _kept(render: Callable[[], str]) -> str:
    """The page rendered once while nothing it shows has changed (public_pages.kept): per path
    and query, and per day, as overdue figures count days."""
    return public_pages.kept(_engine(), (request.full_path, utc_today()), render,
                             within_seconds=current_app.config.get("SITE_FRESH_SECONDS", 0.0))


@blp.get("/")
def home():
    return _home_page()


@blp.get("/programmes/<slug>")
def programme(slug: str):
    def render() -> str:
        page = _found(public_pages.programme_page, slug, after=_after())
        return render_template("site/programme.html", **page,
                               next_after=_next_link(page["decisions"]),
                               charts=_figure_charts(page["figures"], page["by_month"]))
    return _kept(render)


@blp.get("/boards/<slug>")
def board(slug: str):
    def render() -> str:
        page = _found(public_pages.board_page, slug, after=_after())
        board_charts = [charts.overdue_chart("overdue", page["overdue_bands"]),
                        charts.published_chart("published", page["published_by_month"]),
                        *_figure_charts(page["figures"], page["by_month"])]
        return render_template("site/board.html", **page, next_after=_next_link(page["decisions"]),
                               charts=board_charts)
    return _kept(render)


@blp.get("/decisions/<decision_id>")
def decision(decision_id: str):
    return _kept(lambda: render_template(
        "site/decision.html", decision=_found(public_pages.decision_page, decision_id)))
