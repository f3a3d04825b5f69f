"""A board's decisions: the list, a new draft, one decision, editing and deleting a draft."""
from __future__ import annotations

from datetime import date

from flask import abort, g, redirect, request, url_for

from services.common.web.pagination import decode_time_id_cursor, encode_time_id_cursor
from services.common.web.runtime import current_runtime
from services.decisions.adapters import board_views
from services.decisions.domain.errors import Conflict, Invalid, NotFound
from services.decisions.entrypoints.api.decisions import DecisionIn
from services.decisions.entrypoints.board import security
from services.decisions.entrypoints.board.blueprint import blp
from services.decisions.entrypoints.board.forms import FormErrors, form_values, load, page, programme_options
from services.decisions.service_layer import queries, workspace
from services.decisions.service_layer.decisions import delete_draft, record_decision, update_draft

FIELDS = ("programme", "title", "summary", "rationale", "decided_on", "review_on")
LABELS = {"programme": "the programme", "title": "the title", "summary": "what was decided",
          "rationale": "why it was decided", "decided_on": "the date it was decided",
          "review_on": "the review date"}
IDS = {"_other": "title"}
PAGE_SIZE = 25


def board_id() -> str:
    return g.board_session.board_id


def base_url() -> str:
    return current_runtime().settings.public_base_url


def found(use_case, *args, **kwargs):
    """Run a read; another board's decision or input is the 404 page."""
    try:
        return use_case(*args, **kwargs)
    except NotFound:
        abort(404)


def decision_with_summaries(uow, decision_id: str) -> dict:
    decision = found(queries.get_decision, uow, board_id(), decision_id, base_url())
    decision["summaries"] = board_views.summaries(uow.connection,
                                                  [link["input_id"] for link in decision["links"]])
    return decision


@blp.get("/decisions")
def decisions():
    after = decode_time_id_cursor(request.args.get("after"))
    with current_runtime().uow_factory() as uow:
        rows = queries.list_decisions(uow, board_id(), programme=None, status=None, after=after,
                                      limit=PAGE_SIZE + 1)
    next_after = (encode_time_id_cursor(rows[PAGE_SIZE - 1]["created_at"], rows[PAGE_SIZE - 1]["decision_id"])
                  if len(rows) > PAGE_SIZE else None)
    return page("board/decisions.html", rows=rows[:PAGE_SIZE], next_after=next_after,
                first_page=bool(after))


def _form_page(template: str, values: dict, errors: FormErrors, **context):
    with current_runtime().uow_factory() as uow:
        programmes = programme_options(workspace.filter_choices(uow, board_id())["programmes"])
    return page(template, values=values, errors=errors, programmes=programmes, **context)


def _read_form(errors: FormErrors) -> tuple[dict, dict | None]:
    values = {name: request.form.get(name, "").strip() for name in FIELDS}
    body = load(DecisionIn(), form_values(request.form, FIELDS), LABELS, errors, IDS)
    return values, body


@blp.get("/decisions/new")
def new_decision_form():
    return _form_page("board/decision_form.html", {"decided_on": date.today().isoformat()},
                      FormErrors(), editing=None)


@blp.post("/decisions/new")
def new_decision():
    errors = FormErrors()
    values, body = _read_form(errors)
    if body is not None:
        try:
            with current_runtime().uow_factory() as uow:
                decision = record_decision(uow, board_id(), **body, now=security.now())
        except Invalid as invalid:
            errors.add_invalid(invalid, LABELS, IDS)
        else:
            security.leave_notice("Draft saved. Now link the input it answers from the queue.")
            return redirect(url_for("board.decision", decision_id=decision.decision_id), code=303)
    return _form_page("board/decision_form.html", values, errors, editing=None)


@blp.get("/decisions/<decision_id>")
def decision(decision_id: str):
    with current_runtime().uow_factory() as uow:
        shown = decision_with_summaries(uow, decision_id)
    return page("board/decision.html", decision=shown)


@blp.get("/decisions/<decision_id>/edit")
def edit_decision_form(decision_id: str):
    with current_runtime().uow_factory() as uow:
        shown = found(queries.get_decision, uow, board_id(), decision_id, base_url())
    if shown["status"] != "draft":
        abort(409)
    values = {name: "" if shown[name] is None else str(shown[name]) for name in FIELDS}
    return _form_page("board/decision_form.html", values, FormErrors(), editing=shown)


@blp.post("/decisions/<decision_id>/edit")
def edit_decision(decision_id: str):
    errors = FormErrors()
    values, body = _read_form(errors)
    with current_runtime().uow_factory() as uow:
        shown = found(queries.get_decision, uow, board_id(), decision_id, base_url())
    if body is not None:
        try:
            with current_runtime().uow_factory() as uow:
                update_draft(uow, board_id(), decision_id, body, now=security.now())
        except Conflict:
            abort(409)
        except Invalid as invalid:
            errors.add_invalid(invalid, LABELS, IDS)
        else:
            security.leave_notice("Draft updated.")
            return redirect(url_for("board.decision", decision_id=decision_id), code=303)
    return _form_page("board/decision_form.html", values, errors, editing=shown)


@blp.get("/decisions/<decision_id>/delete")
def delete_decision_form(decision_id: str):
    with current_runtime().uow_factory() as uow:
        shown = found(queries.get_decision, uow, board_id(), decision_id, base_url())
    if shown["status"] != "draft":
        abort(409)
    return page("board/delete.html", decision=shown)


@blp.post("/decisions/<decision_id>/delete")
def delete_decision(decision_id: str):
    try:
        with current_runtime().uow_factory() as uow:
            delete_draft(uow, board_id(), decision_id)
    except NotFound:
        abort(404)
    except Conflict:
        abort(409)
    security.leave_notice("Draft deleted.")
    return redirect(url_for("board.dashboard"), code=303)
