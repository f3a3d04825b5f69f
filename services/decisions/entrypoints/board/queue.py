"""The queue: input waiting for an outcome, oldest first, with filters and paging; one input on
its own page; and linking many selected inputs to a draft in one step."""
from __future__ import annotations

from flask import abort, g, redirect, request, url_for

from services.common.contracts.events.common import PARTICIPATION_LEVELS
from services.common.web.pagination import decode_time_id_cursor, encode_time_id_cursor
from services.common.web.runtime import current_runtime
from services.decisions.adapters import board_views
from services.decisions.adapters.views import QueueFilters
from services.decisions.domain.errors import Conflict, Invalid, NotFound
from services.decisions.entrypoints.api.links import LinksIn
from services.decisions.entrypoints.board import security
from services.decisions.entrypoints.board.blueprint import blp
from services.decisions.entrypoints.board.forms import FormErrors, load, page, programme_options
from services.decisions.entrypoints.site.words import LEVELS
from services.decisions.service_layer import workspace
from services.decisions.service_layer.boards import board_of
from services.decisions.service_layer.decisions import link_inputs

PAGE_SIZE = 25
FILTERS = ("programme", "topic", "level", "partner", "older_than", "q")
LINK_LABELS = {"input_ids": "the input to link", "influence": "how the input was used",
               "explanation": "the explanation", "decision_id": "the draft decision"}
LINK_IDS = {"_other": "explanation"}


def _filters(args, errors: FormErrors) -> tuple[QueueFilters, dict[str, str]]:
    chosen = {name: args.get(name, "").strip() for name in FILTERS}
    older = None
    if chosen["older_than"]:
        if chosen["older_than"].isdigit() and int(chosen["older_than"]) <= 36500:
            older = int(chosen["older_than"])
        else:
            errors.add("older_than", "Enter the number of days as a whole number, for example 30.")
    level = chosen["level"] if chosen["level"] in PARTICIPATION_LEVELS else None
    return QueueFilters(chosen["programme"] or None, chosen["topic"] or None, level, older,
                        chosen["partner"] or None, chosen["q"] or None), chosen


def _queue_page(errors: FormErrors, args, form=None):
    filters, chosen = _filters(args, errors)
    after = decode_time_id_cursor(args.get("after"))
    board_id = g.board_session.board_id
    with current_runtime().uow_factory() as uow:
        queue = workspace.queue_with_count(uow, board_id, filters, after, PAGE_SIZE, security.now())
        choices = workspace.filter_choices(uow, board_id)
        drafts = workspace.drafts(uow, board_id)
    rows = queue["rows"]
    next_after = (encode_time_id_cursor(rows[-1]["submitted_at"], rows[-1]["input_id"])
                  if queue["more"] and rows else None)
    selected = set(form.getlist("input_ids")) if form is not None else set()
    link = {"decision_id": (form or args).get("decision_id", args.get("decision", "")),
            "influence": form.get("influence", "") if form is not None else "",
            "explanation": form.get("explanation", "") if form is not None else ""}
    options = {"programmes": programme_options(choices["programmes"]),
               "levels": [(level, LEVELS[level]) for level in PARTICIPATION_LEVELS],
               "partners": [(p["partner_id"], p["name"]) for p in choices["partners"]],
               "drafts": [(d["decision_id"], f"{d['title']} ({d['programme']})") for d in drafts]}
    return page("board/queue.html", errors=errors, queue=queue, rows=rows, options=options,
                chosen=chosen, next_after=next_after, first_page=bool(args.get("after")),
                drafts=drafts, selected=selected, link=link,
                filter_args={k: v for k, v in chosen.items() if v})


@blp.get("/queue")
def queue():
    return _queue_page(FormErrors(), request.args)


@blp.post("/queue")
def link_selected():
    """Link the ticked inputs to one draft with one influence and explanation (all or nothing)."""
    form, errors = request.form, FormErrors()
    ids = form.getlist("input_ids")
    if not ids:
        errors.add("input_ids", "Select at least one piece of input to link.")
    if not form.get("decision_id"):
        errors.add("decision_id", "Choose the draft decision to link the input to.")
    if not form.get("influence"):
        errors.add("influence", "Choose how the input was used.")
    body = load(LinksIn(), {"input_ids": ids or ["00000000-0000-0000-0000-000000000000"],
                            "influence": form.get("influence") or "noted",
                            "explanation": form.get("explanation", "")}, LINK_LABELS, errors, LINK_IDS)
    if not errors and body is not None:
        try:
            with current_runtime().uow_factory() as uow:
                links = link_inputs(uow, g.board_session.board_id, form["decision_id"],
                                    input_ids=[str(i) for i in body["input_ids"]],
                                    influence=body["influence"], explanation=body["explanation"])
        except NotFound:
            errors.add("decision_id", "Choose one of your board's draft decisions.")
        except Conflict:
            errors.add("decision_id", "That decision has been published: choose a draft.")
        except Invalid as invalid:
            errors.add_invalid(invalid, LINK_LABELS, LINK_IDS)
            with current_runtime().uow_factory() as uow:
                errors.name_inputs(board_views.summaries(uow.connection, ids))
        else:
            count = len(links)
            security.leave_notice(f"{count} piece{'s' if count != 1 else ''} of input linked.")
            return redirect(url_for("board.decision", decision_id=form["decision_id"]), code=303)
    return _queue_page(errors, _return_args(form), form)


def _return_args(form) -> dict[str, str]:
    """The queue's filters and page as they were when the form was shown."""
    return {name: form.get(f"return_{name}", "") for name in (*FILTERS, "after")}


@blp.get("/inputs/<input_id>")
def input_page(input_id: str):
    with current_runtime().uow_factory() as uow:
        try:
            detail = workspace.input_for_board(uow, g.board_session.board_id, input_id,
                                               security.now())
        except NotFound:
            abort(404)
        due_days = board_of(uow, g.board_session.board_id).outcome_due_days
        drafts = workspace.drafts(uow, g.board_session.board_id)
    return page("board/input.html", item=detail, due_days=due_days, drafts=drafts)
