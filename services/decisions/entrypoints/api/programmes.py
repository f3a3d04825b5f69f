"""/v1/programmes: the registered programmes input is given to. Listed and shown to anyone;
registered, edited and closed by an admin."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from services.common.web.auth import authorized
from services.common.web.pagination import PageArgs, by_fields, keyset_page, page_schema
from services.common.web.runtime import current_runtime
from services.common.contracts.events.common import SHARED_DECISION_STAGES
from services.decisions.domain.programmes import STATUSES
from services.decisions.entrypoints.api.errors import answers
from services.decisions.entrypoints.api.text import text
from services.decisions.service_layer.programmes import (
    count_programmes, described, edit_programme, list_programmes, programme_of, register_programme,
)

blp = Blueprint("programmes", __name__, url_prefix="/v1/programmes",
                description="Programmes: what input is given to and boards cover. Public to read.")


class ProgrammeIn(Schema):
    name = text(200, plain=True, metadata={
        "description": "What partners write as an input's programme, exactly; fixed once registered"})
    description = text(5000, required=False, load_default="", plain=True)
    shared_decision_stage = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(SHARED_DECISION_STAGES), metadata={
            "description": "For a programme run as co-production: the commissioning stage at which "
                           "its contributors shared decision-making. Its input may then claim "
                           "co-production without naming the stage itself."})


class ProgrammePatchIn(Schema):
    description = text(5000, required=False, plain=True)
    shared_decision_stage = fields.String(
        allow_none=True, validate=validate.OneOf(SHARED_DECISION_STAGES), metadata={
            "description": "Name or change the stage of shared decision-making; null takes it away "
                           "(input already taken keeps its participation level)"})
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={
        "description": "closed: intake takes no new input for it; open again at any time"})


class ProgrammeOut(Schema):
    programme_id = fields.String(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True, metadata={"description": "For /programmes/<slug>"})
    description = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    board_ids = fields.List(fields.String(), required=True, metadata={"description": "The boards covering it"})
    shared_decision_stage = fields.String(required=True, allow_none=True, metadata={
        "description": "The stage at which its contributors shared decision-making, if named"})
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)


class ProgrammeListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


@blp.route("")
class Programmes(MethodView):
    @blp.arguments(ProgrammeListArgs, location="query")
    @blp.response(200, page_schema(ProgrammeOut, "ProgrammePage", total=True))
    def get(self, args):
        """Every registered programme, oldest first (public, no key)."""
        with current_runtime().uow_factory() as uow:
            return keyset_page(args, lambda after, limit: list_programmes(uow, after, limit, args["status"]),
                               by_fields("created_at", "programme_id"),
                               total=lambda: count_programmes(uow, args["status"]))

    @authorized(blp, "admin")
    @blp.arguments(ProgrammeIn)
    @blp.response(201, ProgrammeOut)
    @answers(blp, 409)
    def post(self, body):
        """Register a programme (admin). Intake takes input for it once the announcement arrives."""
        with current_runtime().uow_factory() as uow:
            return register_programme(uow, **body)


@blp.route("/<uuid:programme_id>")
class ProgrammeById(MethodView):
    @blp.response(200, ProgrammeOut)
    @answers(blp, 404)
    def get(self, programme_id):
        """One programme (public, no key)."""
        with current_runtime().uow_factory() as uow:
            return described(uow, programme_of(uow, str(programme_id)))

    @authorized(blp, "admin")
    @blp.arguments(ProgrammePatchIn)
    @blp.response(200, ProgrammeOut)
    @answers(blp, 404)
    def patch(self, body, programme_id):
        """Change the description or the stage of shared decision-making, or close or open the
        programme (admin)."""
        with current_runtime().uow_factory() as uow:
            return edit_programme(uow, str(programme_id), **body)
