"""/v1/contributors: the people behind the input, held by the partner that submits it."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.web.auth import authorized
from services.common.web.pagination import keyset_page, page_schema
from services.common.web.runtime import current_runtime
from services.intake.adapters.repositories import ContributorQuery
from services.intake.entrypoints.api.access import calling_partner, partner_scope
from services.intake.entrypoints.api.contributor_schemas import (
    ContributorIn, ContributorListArgs, ContributorOut, ContributorPatchIn, ContributorSummaryOut,
    contributor_summary, contributor_view, flatten,
)
from services.intake.entrypoints.api.idempotency import idempotent_post, respond_once
from services.intake.entrypoints.api.service_errors import answers
from services.intake.service_layer import contributors as use_cases

blp = Blueprint("contributors", __name__, url_prefix="/v1/contributors",
                description="Contributors: pseudonymous ids, optional contact details, consent "
                            "and its history. A partner sees only its own.")


@blp.route("")
class Contributors(MethodView):
    @authorized(blp, "partner", "admin")
    @blp.arguments(ContributorListArgs, location="query")
    @blp.response(200, page_schema(ContributorSummaryOut, "ContributorPage", total=True))
    def get(self, args):
        """List contributors, oldest first, by cursor, without contact details (a partner: its
        own; an admin: every partner's, or one partner's with partner_id)"""
        query = ContributorQuery(partner_id=str(args["partner_id"]) if args["partner_id"] else None,
                                 partner_ref=args["partner_ref"], erased=args["erased"])
        with current_runtime().uow_factory() as uow:
            page = keyset_page(
                args, lambda after, limit: use_cases.list_contributors(uow, partner_scope(), after, limit, query),
                lambda found: (found.created_at, found.contributor_id),
                total=lambda: use_cases.count_contributors(uow, partner_scope(), query))
        return {**page, "items": [contributor_summary(c) for c in page["items"]]}

    @authorized(blp, "partner")
    @blp.arguments(ContributorIn)
    @idempotent_post(blp)
    @blp.response(201, ContributorOut, headers={"Location": {"schema": {"type": "string"}}})
    @answers(blp, 409, 413)
    def post(self, body, idempotency_key=None):
        """Record a contributor and their consent"""
        def create(uow):
            created = use_cases.create_contributor(uow, calling_partner(), **flatten(body))
            return contributor_view(created)
        # only the id is kept for a retry: the replay reads the record, so no address is stored
        return respond_once(
            idempotency_key, create, ContributorOut,
            location=lambda c: f"/v1/contributors/{c['contributor_id']}",
            reference=lambda c: {"contributor_id": c["contributor_id"]},
            replay=lambda uow, ref: contributor_view(
                use_cases.get_contributor(uow, calling_partner(), ref["contributor_id"])))


@blp.route("/<uuid:contributor_id>")
class ContributorById(MethodView):
    @authorized(blp, "partner")
    @blp.response(200, ContributorOut)
    @answers(blp, 404)
    def get(self, contributor_id):
        """Read a contributor, with their consent history"""
        with current_runtime().uow_factory() as uow:
            found = use_cases.get_contributor(uow, calling_partner(), str(contributor_id))
        return contributor_view(found)

    @authorized(blp, "partner")
    @blp.arguments(ContributorPatchIn)
    @blp.response(200, ContributorOut)
    @answers(blp, 404, 409, 413)
    def patch(self, body, contributor_id):
        """Change contact details, consent or preferences; each consent change is kept"""
        with current_runtime().uow_factory() as uow:
            contributor = use_cases.update_contributor(uow, calling_partner(), str(contributor_id),
                                                       flatten(body))
        return contributor_view(contributor)

    @authorized(blp, "partner", "admin")
    @blp.response(200, ContributorOut)
    @answers(blp, 404)
    def delete(self, contributor_id):
        """Erase the contributor's contact details; their id, consent history and input stay.
        An admin may erase on the person's behalf."""
        with current_runtime().uow_factory() as uow:
            contributor = use_cases.erase_contributor(uow, partner_scope(), str(contributor_id))
        return contributor_view(contributor)
