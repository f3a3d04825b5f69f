"""/v1/partners: partner organisations. Admins register them; a partner reads and changes its own
contact address and daily digest choice."""
from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from services.common.web.auth import authorized
from services.common.web.pagination import PageArgs, keyset_page, page_schema
from services.common.web.runtime import current_runtime
from services.intake.entrypoints.api.access import partner_scope
from services.intake.entrypoints.api.idempotency import idempotent_post, respond_once
from services.intake.entrypoints.api.service_errors import answers
from services.intake.entrypoints.api.text_fields import Text
from services.intake.service_layer import partners as use_cases

blp = Blueprint("partners", __name__, url_prefix="/v1/partners",
                description="Partner organisations that gather input and submit it")

EMAIL: dict[str, Any] = dict(validate=validate.Length(max=320))


class PartnerIn(Schema):
    name = Text(required=True, max_length=200, plain=True)
    contact_email = fields.Email(required=True, **EMAIL)
    daily_digest = fields.Boolean(load_default=False, metadata={
        "description": "Receive notify's daily digest of outcomes for this partner's input"})


class PartnerPatchIn(Schema):
    name = Text(max_length=200, plain=True, metadata={
        "description": "Admin only: the organisation's new name (boards see it in their queue)"})
    contact_email = fields.Email(**EMAIL)
    daily_digest = fields.Boolean()


class PartnerOut(Schema):
    partner_id = fields.String(required=True)
    name = fields.String(required=True)
    contact_email = fields.String(required=True)
    daily_digest = fields.Boolean(required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)


class PartnerListArgs(PageArgs):
    name = fields.String(load_default=None, validate=validate.Length(min=1, max=200),
                         metadata={"description": "Partners whose name contains this, any case"})


@blp.route("")
class Partners(MethodView):
    @authorized(blp, "admin", "partner")
    @blp.arguments(PartnerListArgs, location="query")
    @blp.response(200, page_schema(PartnerOut, "PartnerPage", total=True))
    def get(self, args):
        """List partners, oldest first, by cursor (admin: all; a partner: itself)"""
        with current_runtime().uow_factory() as uow:
            return keyset_page(args, lambda after, limit: use_cases.list_partners(
                uow, partner_scope(), after, limit, args["name"]),
                lambda found: (found.created_at, found.partner_id),
                total=lambda: use_cases.count_partners(uow, partner_scope(), args["name"]))

    @authorized(blp, "admin")
    @blp.arguments(PartnerIn)
    @idempotent_post(blp)
    @blp.response(201, PartnerOut, headers={"Location": {"schema": {"type": "string"}}})
    @answers(blp, 413)
    def post(self, body, idempotency_key=None):
        """Register a partner organisation (admin)"""
        # a retry replays the partner as it is now; its contact address is not kept twice
        return respond_once(idempotency_key, lambda uow: use_cases.register_partner(uow, **body),
                            PartnerOut, location=lambda p: f"/v1/partners/{p.partner_id}",
                            reference=lambda p: {"partner_id": p.partner_id},
                            replay=lambda uow, ref: use_cases.get_partner(uow, ref["partner_id"], None))


@blp.route("/<uuid:partner_id>")
class PartnerById(MethodView):
    @authorized(blp, "admin", "partner")
    @blp.response(200, PartnerOut)
    @answers(blp, 404)
    def get(self, partner_id):
        """Read a partner (admin, or the partner's own key)"""
        with current_runtime().uow_factory() as uow:
            return use_cases.get_partner(uow, str(partner_id), partner_scope())

    @authorized(blp, "admin", "partner")
    @blp.arguments(PartnerPatchIn)
    @blp.response(200, PartnerOut)
    @answers(blp, 404, 413, 422)
    def patch(self, body, partner_id):
        """Change the contact address or daily digest choice (admin, or the partner's own key),
        or the name (admin)"""
        with current_runtime().uow_factory() as uow:
            partner = use_cases.update_partner(uow, str(partner_id), partner_scope(), body)
        return partner
