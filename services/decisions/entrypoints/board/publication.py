"""Publishing a draft with a confirmation, then progress entries and revisions with a reason,
each saying who will be emailed."""
from __future__ import annotations

from flask import abort, redirect, request, url_for

from services.common.contracts.events.common import INFLUENCES, PROGRESS_STATUSES
from services.common.web.runtime import current_runtime
from services.decisions.domain.errors import Conflict, Invalid, NotFound
from services.decisions.entrypoints.api.progress import ProgressIn
from services.decisions.entrypoints.board import security
from services.decisions.entrypoints.board.blueprint import blp
from services.decisions.entrypoints.board.decisions import base_url, board_id, decision_with_summaries
from services.decisions.entrypoints.board.forms import FormErrors, load, page
from services.decisions.service_layer import outcome_preview
from services.decisions.service_layer.decisions import decision_of
from services.decisions.service_layer.progress import record_progress
from services.decisions.service_layer.publishing import publish_decision, revise_outcome

PROGRESS_LABELS = {"status": "the status", "percent": "how far it has got", "note": "what happened"}
REVISION_LABELS = {"reason": "why the record changes", "links": "the links",
                   "remove_input_ids": "the links", "no_input_considered": "the links"}
REVISION_IDS = {"remove_input_ids": "links", "no_input_considered": "no_input_considered",
                "_other": "reason"}
PUBLISH_LABELS = {"links": "the links", "no_input_considered": "no input"}
PUBLISH_IDS = {"_other": "links"}


def _with_audience(decision_id: str, expect_draft: bool) -> tuple[dict, dict]:
    with current_runtime().uow_factory() as uow:
        shown = decision_with_summaries(uow, decision_id)
        if (shown["status"] == "draft") != expect_draft:
            abort(409)
        told = outcome_preview.decision_audience(uow, decision_of(uow, board_id(), decision_id))
    return shown, told


@blp.get("/decisions/<decision_id>/publish")
def publish_form(decision_id: str):
    shown, told = _with_audience(decision_id, expect_draft=True)
    return page("board/publish.html", decision=shown, told=told)


@blp.post("/decisions/<decision_id>/publish")
def publish(decision_id: str):
    errors = FormErrors()
    shown, told = _with_audience(decision_id, expect_draft=True)
    try:
        with current_runtime().uow_factory() as uow:
            publish_decision(uow, board_id(), decision_id,
                             no_input_considered=request.form.get("no_input_considered") == "yes",
                             public_base_url=base_url(), now=security.now())
    except NotFound:
        abort(404)
    except Invalid as invalid:
        errors.add_invalid(invalid, PUBLISH_LABELS, PUBLISH_IDS)
        errors.name_inputs(shown["summaries"])
        return page("board/publish.html", decision=shown, told=told, errors=errors)
    security.leave_notice(f"Published. {told['emailed']} "
                          f"{'person' if told['emailed'] == 1 else 'people'} will be emailed.")
    return redirect(url_for("board.decision", decision_id=decision_id), code=303)


@blp.get("/decisions/<decision_id>/progress")
def progress_form(decision_id: str):
    shown, told = _with_audience(decision_id, expect_draft=False)
    return page("board/progress.html", decision=shown, told=told, values={},
                statuses=PROGRESS_STATUSES)


@blp.post("/decisions/<decision_id>/progress")
def progress(decision_id: str):
    errors = FormErrors()
    shown, told = _with_audience(decision_id, expect_draft=False)
    values = {name: request.form.get(name, "").strip() for name in ("status", "percent", "note")}
    data: dict[str, object] = {k: v for k, v in values.items() if v or k == "note"}
    if values["percent"].isdigit():  # the API's schema takes JSON numbers only; a form sends text
        data["percent"] = int(values["percent"])
    body = load(ProgressIn(), data, PROGRESS_LABELS, errors, {"_other": "note"})
    if body is not None:
        try:
            with current_runtime().uow_factory() as uow:
                record_progress(uow, board_id(), decision_id, public_base_url=base_url(),
                                now=security.now(), **body)
        except Conflict:
            abort(409)
        except Invalid as invalid:
            errors.add_invalid(invalid, PROGRESS_LABELS, {"_other": "note"})
        else:
            security.leave_notice(f"Progress recorded. {told['emailed']} "
                                  f"{'person' if told['emailed'] == 1 else 'people'} will be emailed.")
            return redirect(url_for("board.decision", decision_id=decision_id), code=303)
    return page("board/progress.html", decision=shown, told=told, values=values, errors=errors,
                statuses=PROGRESS_STATUSES)


def _revision_from_form(shown: dict) -> tuple[list[dict], list[str]]:
    """Links whose influence or explanation the form changes, and links ticked for removal."""
    changes, removals = [], []
    for link in shown["links"]:
        key = link["input_id"]
        if request.form.get(f"remove-{key}") == "yes":
            removals.append(key)
            continue
        influence = request.form.get(f"influence-{key}", link["influence"])
        explanation = request.form.get(f"explanation-{key}", link["explanation"]).strip()
        if (influence, explanation) != (link["influence"], link["explanation"]):
            changes.append({"input_id": key, "influence": influence, "explanation": explanation})
    return changes, removals


@blp.get("/decisions/<decision_id>/revise")
def revise_form(decision_id: str):
    shown, told = _with_audience(decision_id, expect_draft=False)
    return page("board/revise.html", decision=shown, told=told, form={}, influences=INFLUENCES)


@blp.post("/decisions/<decision_id>/revise")
def revise(decision_id: str):
    errors = FormErrors()
    shown, told = _with_audience(decision_id, expect_draft=False)
    reason = request.form.get("reason", "").strip()
    if not reason:
        errors.add("reason", "Enter why the record changes: it is shown to the public.")
    changes, removals = _revision_from_form(shown)
    if not errors:
        try:
            with current_runtime().uow_factory() as uow:
                revised = revise_outcome(
                    uow, board_id(), decision_id, reason=reason, links=changes,
                    remove_input_ids=removals, public_base_url=base_url(), now=security.now(),
                    no_input_considered=request.form.get("no_input_considered") == "yes")
                told = outcome_preview.decision_audience(uow, revised)
        except Conflict:
            abort(409)
        except Invalid as invalid:
            errors.add_invalid(invalid, REVISION_LABELS, REVISION_IDS)
            errors.name_inputs(shown["summaries"])
        else:
            security.leave_notice(f"Revision recorded. {told['emailed']} "
                                  f"{'person' if told['emailed'] == 1 else 'people'} will be emailed again.")
            return redirect(url_for("board.decision", decision_id=decision_id), code=303)
    return page("board/revise.html", decision=shown, told=told, form=request.form,
                influences=INFLUENCES, errors=errors)
