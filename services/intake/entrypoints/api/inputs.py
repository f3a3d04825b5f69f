"""/v1/inputs: lived-experience input, one at a time or in batches, and its withdrawal."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from services.common.web.auth import authorized
from services.common.web.pagination import keyset_page
from services.common.web.runtime import current_runtime
from services.intake.adapters.repositories import InputQuery
from services.intake.entrypoints.api.access import calling_partner, partner_scope
from services.intake.entrypoints.api.idempotency import idempotent_post, respond_once
from services.intake.entrypoints.api.input_schemas import (
    BatchIn, BatchOut, InputIn, InputOut, InputPageOut, InputQueryArgs, WithdrawIn,
)
from services.intake.entrypoints.api.service_errors import answers
from services.intake.service_layer import inputs as use_cases

blp = Blueprint("inputs", __name__, url_prefix="/v1/inputs",
                description="Input submitted by partners, its status and its history. "
                            "A partner sees only its own; an admin sees all.")


def _location(input_) -> str:
    return f"/v1/inputs/{input_.input_id}"


@blp.route("")
class Inputs(MethodView):
    @authorized(blp, "partner")
    @blp.arguments(InputIn())  # an instance: webargs builds a class's schema per request
    @idempotent_post(blp)
    @blp.response(201, InputOut, headers={"Location": {"schema": {"type": "string"}}})
    @answers(blp, 404, 413)
    def post(self, body, idempotency_key=None):
        """Submit one input; status starts as received (404: contributor_id not this partner's)"""
        return respond_once(
            idempotency_key, lambda uow: use_cases.submit_input(uow, calling_partner(), body),
            InputOut, location=_location)

    @authorized(blp, "admin", "partner")
    # a mistyped filter must fail, not quietly list everything
    @blp.arguments(InputQueryArgs, location="query", unknown=RAISE)
    @blp.response(200, InputPageOut)
    def get(self, args):
        """List inputs, oldest first, by cursor"""
        query = InputQuery(partner_id=partner_scope(), programme=args.get("programme"),
                           status=args.get("status"), topic=args.get("topic"),
                           since=args.get("since"))
        with current_runtime().uow_factory() as uow:
            return keyset_page(args, lambda after, limit: use_cases.list_inputs(uow, query, after, limit),
                               lambda found: (found.submitted_at, found.input_id),
                               total=lambda: use_cases.count_inputs(uow, query))


@blp.route("/batch", methods=["POST"])
@authorized(blp, "partner")
@blp.arguments(BatchIn())
@idempotent_post(blp)
@blp.response(201, BatchOut)
@answers(blp, 413)
def submit_batch(body, idempotency_key=None):
    """Submit up to 500 inputs at once: all are created, or none (422 lists errors by index)"""
    return respond_once(
        idempotency_key,
        lambda uow: {"items": use_cases.submit_inputs(uow, calling_partner(), body["inputs"])},
        BatchOut)


@blp.route("/<uuid:input_id>")
@authorized(blp, "admin", "partner")
@blp.response(200, InputOut)
@answers(blp, 404)
def get_input(input_id):
    """Read an input with its status history"""
    with current_runtime().uow_factory() as uow:
        return use_cases.get_input(uow, str(input_id), partner_scope())


@blp.route("/<uuid:input_id>/withdraw", methods=["POST"])
@authorized(blp, "partner")
@blp.arguments(WithdrawIn)
@idempotent_post(blp)
@blp.response(200, InputOut)
@answers(blp, 404, 413)
def withdraw(body, input_id, idempotency_key=None):
    """Withdraw an input: it leaves every board's queue and public page"""
    def withdraw_it(uow):
        return use_cases.withdraw_input(uow, str(input_id), calling_partner(), body["reason"])
    return respond_once(idempotency_key, withdraw_it, InputOut, status=200)

