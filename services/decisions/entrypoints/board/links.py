"""Changing or removing one link of a draft."""
from __future__ import annotations

from flask import abort, redirect, request, url_for

from services.common.contracts.events.common import INFLUENCES
from services.common.web.runtime import current_runtime
from services.decisions.domain.errors import Conflict, Invalid, NotFound
from services.decisions.entrypoints.api.links import InfluenceIn
from services.decisions.entrypoints.board import security
from services.decisions.entrypoints.board.blueprint import blp
from services.decisions.entrypoints.board.decisions import board_id, decision_with_summaries
from services.decisions.entrypoints.board.forms import FormErrors, load, page
from services.decisions.service_layer.decisions import link_inputs, unlink_input

LABELS = {"influence": "how the input was used", "explanation": "the explanation"}
IDS = {"_other": "explanation"}


def _link_page(decision_id: str, input_id: str, errors: FormErrors, values: dict | None = None):
    with current_runtime().uow_factory() as uow:
        decision = decision_with_summaries(uow, decision_id)
    link = next((li for li in decision["links"] if li["input_id"] == input_id), None)
    if link is None:
        abort(404)
    if decision["status"] != "draft":
        abort(409)
    return page("board/link_form.html", decision=decision, link=link, errors=errors,
                values=values or link, influences=INFLUENCES)


@blp.get("/decisions/<decision_id>/links/<input_id>")
def link_form(decision_id: str, input_id: str):
    return _link_page(decision_id, input_id, FormErrors())


@blp.post("/decisions/<decision_id>/links/<input_id>")
def change_link(decision_id: str, input_id: str):
    errors = FormErrors()
    values = {"influence": request.form.get("influence", ""),
              "explanation": request.form.get("explanation", "")}
    if not values["influence"]:
        errors.add("influence", "Choose how the input was used.")
    body = load(InfluenceIn(), {**values, "influence": values["influence"] or "noted"}, LABELS, errors, IDS)
    if not errors and body is not None:
        try:
            with current_runtime().uow_factory() as uow:
                link_inputs(uow, board_id(), decision_id, input_ids=[input_id],
                            influence=body["influence"], explanation=body["explanation"],
                            now=security.now())
        except NotFound:
            abort(404)
        except Conflict:
            abort(409)
        except Invalid as invalid:
            errors.add_invalid(invalid, LABELS, IDS)
        else:
            security.leave_notice("Link changed.")
            return redirect(url_for("board.decision", decision_id=decision_id), code=303)
    return _link_page(decision_id, input_id, errors, values)


@blp.post("/decisions/<decision_id>/links/<input_id>/remove")
def remove_link(decision_id: str, input_id: str):
    try:
        with current_runtime().uow_factory() as uow:
            unlink_input(uow, board_id(), decision_id, input_id)
    except NotFound:
        abort(404)
    except Conflict:
        abort(409)
    security.leave_notice("Link removed.")
    return redirect(url_for("board.decision", decision_id=decision_id), code=303)
