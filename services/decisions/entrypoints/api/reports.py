"""GET /v1/reports/accountability: the accountability figures, public (no key), JSON or CSV."""
from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from services.common.contracts.events.common import INFLUENCES, PARTICIPATION_LEVELS
from services.common.web.runtime import current_runtime
from services.decisions.entrypoints.api.errors import answers
from services.decisions.adapters.reports_csv import report_csv
from services.decisions.service_layer.reports import (
    NOTIFICATION_STATUSES, ReportFilter, accountability_report,
)

CSV = "text/csv"
blp = Blueprint("reports", __name__, url_prefix="/v1/reports",
                description="Accountability figures: public, no key needed, no personal data.")


def _counts(names, name: str) -> type[Schema]:
    return Schema.from_dict({n: fields.Integer(required=True) for n in names}, name=name)


class ReportArgs(Schema):
    programme = fields.String(load_default=None, validate=validate.Length(min=1, max=200),
                              metadata={"description": "Programme name, exact"})
    board = fields.String(load_default=None, validate=validate.Length(min=1, max=36),
                          metadata={"description": "Board id: input in its programmes, its decisions"})
    partner = fields.String(load_default=None, validate=validate.Length(min=1, max=36),
                            metadata={"description": "Partner id"})
    date_from = fields.Date(data_key="from", load_default=None,
                            metadata={"description": "Input submitted on or after (UTC date)"})
    date_to = fields.Date(data_key="to", load_default=None,
                          metadata={"description": "Input submitted on or before (UTC date)"})

    @validates_schema
    def dates_in_order(self, data, **_kwargs):
        if data["date_from"] and data["date_to"] and data["date_from"] > data["date_to"]:
            raise ValidationError("Must be on or after 'from'.", field_name="to")


InfluenceMixOut = _counts(INFLUENCES, "InfluenceMixOut")
ParticipationMixOut = _counts(PARTICIPATION_LEVELS, "ParticipationMixOut")
NotificationsOut = _counts(NOTIFICATION_STATUSES, "NotificationsOut")


class InputFiguresOut(Schema):
    received = fields.Integer(required=True, metadata={"description": "Not withdrawn"})
    withdrawn = fields.Integer(required=True, metadata={"description": "Counted apart"})
    with_outcome = fields.Integer(required=True)
    closed_loop = fields.Integer(required=True, metadata={
        "description": "Told the outcome: by email, or by their partner who recorded it"})
    not_wanted = fields.Integer(required=True, metadata={
        "description": "Contributor did not want to be told; never counted as closed"})
    anonymous = fields.Integer(required=True, metadata={
        "description": "No contributor record: nobody to tell; never counted as closed"})
    closed_loop_rate = fields.Float(required=True, allow_none=True, metadata={
        "description": "closed_loop / (received - not_wanted - anonymous)"})
    overdue = fields.Integer(required=True)
    oldest_overdue_days = fields.Integer(required=True, allow_none=True)


class WaitOut(Schema):
    median = fields.Float(required=True, allow_none=True, metadata={"description": "Days"})
    p90 = fields.Float(required=True, allow_none=True, metadata={"description": "Days"})


class ScopeOut(Schema):
    inputs = fields.Nested(InputFiguresOut, required=True)
    days_to_outcome = fields.Nested(WaitOut, required=True)
    days_to_closed_loop = fields.Nested(WaitOut, required=True)


class BoardFiguresOut(ScopeOut):
    board_id = fields.String(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)


class PartnerFiguresOut(ScopeOut):
    partner_id = fields.String(required=True)
    name = fields.String(required=True, allow_none=True)


class FilterOut(Schema):
    programme = fields.String(required=True, allow_none=True)
    board_id = fields.String(required=True, allow_none=True)
    partner_id = fields.String(required=True, allow_none=True)
    date_from = fields.String(required=True, allow_none=True, metadata={"format": "date"})
    date_to = fields.String(required=True, allow_none=True, metadata={"format": "date"})


class ReportOut(ScopeOut):
    filter = fields.Nested(FilterOut, required=True)
    as_of = fields.String(required=True, metadata={
        "format": "date", "description": "Overdue is counted as of this day (UTC)"})
    influence_mix = fields.Nested(InfluenceMixOut, required=True)
    participation_received = fields.Nested(ParticipationMixOut, required=True)
    participation_shaping = fields.Nested(ParticipationMixOut, required=True, metadata={
        "description": "Input with at least one current adopted or adapted claim"})
    notifications = fields.Nested(NotificationsOut, required=True)
    boards = fields.List(fields.Nested(BoardFiguresOut), required=True)
    partners = fields.List(fields.Nested(PartnerFiguresOut), required=True)


@blp.route("/accountability")
@blp.arguments(ReportArgs, location="query", unknown=RAISE)
@blp.response(200, ReportOut)
@blp.alt_response(200, schema={"type": "string"}, content_type=CSV, success=True, description=(
    "JSON by default. With `Accept: text/csv`: one row per scope (overall, each board, each "
    "partner); the mixes and notifications are filled on the overall row only."))
@answers(blp, 404)
def accountability(args):
    """Input received, outcomes, closed loops, waits, overdue input, influence and participation
    mixes and notifications for the filter; definitions in docs/figures.md."""
    flt = ReportFilter(args["programme"], args["board"], args["partner"], args["date_from"],
                       args["date_to"])
    report = accountability_report(current_runtime().engine, flt)
    if request.accept_mimetypes.best_match(["application/json", CSV]) == CSV:
        return Response(report_csv(report), mimetype=CSV, headers={
            "Content-Disposition": 'inline; filename="accountability.csv"'})
    return report
