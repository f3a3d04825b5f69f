"""/v1/boards: registered, listed, changed and retired by an admin; read by the board itself."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.common.web.auth import authorized, current_principal
from services.common.web.pagination import PageArgs, by_fields, keyset_page, page_schema
from services.common.web.runtime import current_runtime
from services.decisions.domain.errors import NotFound
from services.decisions.entrypoints.api.errors import answers
from services.decisions.entrypoints.api.text import text
from services.decisions.domain.model import BOARD_STATUSES
from services.decisions.service_layer.boards import (
    board_of, board_view, count_boards, edit_board, list_boards, register_board, retire_board,
)

blp = Blueprint("boards", __name__, url_prefix="/v1/boards",
                description="Decision boards: the groups that take commissioning decisions.")


class BoardIn(Schema):
    name = text(200)
    organisation = text(200)
    outcome_due_days = fields.Integer(load_default=90, validate=validate.Range(min=1, max=3650),
                                      metadata={"description": "Input older than this is overdue"})
    programme_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=100),
                                metadata={"description": "The registered, open programmes whose input "
                                                         "the board sees (GET /v1/programmes)"})


class BoardPatchIn(Schema):
    """Only the fields given change; the slug (its public address) stays."""
    name = text(200, required=False)
    organisation = text(200, required=False)
    outcome_due_days = fields.Integer(validate=validate.Range(min=1, max=3650),
                                      metadata={"description": "Input older than this is overdue"})
    programme_ids = fields.List(fields.UUID(), validate=validate.Length(min=1, max=100), metadata={
        "description": "The whole new set: registered, open programmes (one the board covers "
                       "already may stay after it closed)"})

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Give name, organisation, outcome_due_days or programme_ids.")


class BoardOut(Schema):
    board_id = fields.String(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True, metadata={"description": "Unique; for /boards/<slug>"})
    organisation = fields.String(required=True)
    outcome_due_days = fields.Integer(required=True)
    programme_ids = fields.List(fields.String(), required=True)
    programmes = fields.List(fields.String(), required=True, metadata={"description": "Their names"})
    status = fields.String(required=True, metadata={
        "description": "active, or retired: its keys can record nothing more; its record stays public"})
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True, allow_none=True,
                                      metadata={"description": "The last change after registration"})
    retired_at = fields.AwareDateTime(required=True, allow_none=True)


class BoardListArgs(PageArgs):
    programme_id = fields.UUID(load_default=None, metadata={"description": "Only boards covering it"})
    status = fields.String(load_default=None, validate=validate.OneOf(BOARD_STATUSES),
                           metadata={"description": "Only active or only retired boards"})


@blp.route("")
class Boards(MethodView):
    @authorized(blp, "admin")
    @blp.arguments(BoardListArgs, location="query")
    @blp.response(200, page_schema(BoardOut, "BoardPage", total=True))
    def get(self, args):
        """Every board, oldest first, by cursor (admin)."""
        programme_id = str(args["programme_id"]) if args["programme_id"] else None
        with current_runtime().uow_factory() as uow:
            return keyset_page(args, lambda after, limit: list_boards(uow, after, limit, programme_id,
                                                                      args["status"]),
                               by_fields("created_at", "board_id"),
                               total=lambda: count_boards(uow, programme_id, args["status"]))

    @authorized(blp, "admin")
    @blp.arguments(BoardIn)
    @blp.response(201, BoardOut)
    @answers(blp, 422)
    def post(self, body):
        """Register a board (admin). Then issue its keys at POST /v1/keys."""
        with current_runtime().uow_factory() as uow:
            board = register_board(uow, name=body["name"], organisation=body["organisation"],
                                   outcome_due_days=body["outcome_due_days"], programmes=body["programme_ids"])
            return board_view(uow, board)


@blp.route("/<uuid:board_id>")
class BoardById(MethodView):
    @authorized(blp, "admin", "board")
    @blp.response(200, BoardOut)
    @answers(blp, 404)
    def get(self, board_id):
        """A board, for an admin or for the board itself."""
        principal = current_principal()
        if principal.role == "board" and principal.board_id != str(board_id):
            raise NotFound("No such board.")
        with current_runtime().uow_factory() as uow:
            return board_view(uow, board_of(uow, str(board_id)))

    @authorized(blp, "admin")
    @blp.arguments(BoardPatchIn)
    @blp.response(200, BoardOut)
    @answers(blp, 404, 409, 422)
    def patch(self, body, board_id):
        """Change a board's name, organisation, due days or programmes (admin). A retired board
        cannot be changed (409)."""
        with current_runtime().uow_factory() as uow:
            board = edit_board(uow, str(board_id), **body)
            return board_view(uow, board)


@blp.route("/<uuid:board_id>/retire")
class RetireBoard(MethodView):
    @authorized(blp, "admin")
    @blp.response(200, BoardOut)
    @answers(blp, 404)
    def post(self, board_id):
        """Retire a board (admin): its keys can record nothing more (409 on every change), its
        decisions, public page and figures stay. Final; retiring again changes nothing."""
        with current_runtime().uow_factory() as uow:
            return board_view(uow, retire_board(uow, str(board_id)))
