"""Request and response bodies of /v1/inputs."""
from __future__ import annotations

from datetime import UTC

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.common.contracts.events.common import (
    ENGAGEMENT_METHODS, PARTICIPATION_LEVELS, SHARED_DECISION_STAGES,
)
from services.intake.domain.participation import method_problems
from services.common.web.pagination import PageArgs, page_schema
from services.intake.domain.status import STATUSES
from services.intake.entrypoints.api.text_fields import Text, no_repeats, not_in_future

MAX_BATCH = 500


class InputIn(Schema):
    programme = Text(required=True, max_length=200, plain=True, metadata={
        "description": "e.g. Adult mental health crisis care 2027"})
    topics = fields.List(Text(max_length=100, plain=True), required=True,
                         validate=[validate.Length(min=1, max=10), no_repeats])
    summary = Text(required=True, max_length=500, plain=True, metadata={
        "description": "Plain-language summary, plain text"})
    body = Text(load_default=None, allow_none=True, max_length=20000)
    engagement_method = fields.String(required=True, validate=validate.OneOf(ENGAGEMENT_METHODS))
    participation_level = fields.String(required=True, validate=validate.OneOf(PARTICIPATION_LEVELS),
                                        metadata={"description": "Honest rung on the ladder: a "
                                                  "survey or comment form reaches engagement at "
                                                  "most; co-production needs shared_decision_stage, "
                                                  "on the input or on its programme"})
    shared_decision_stage = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(SHARED_DECISION_STAGES),
        metadata={"description": "The commissioning stage at which contributors shared "
                                 "decision-making (required for co-production unless "
                                 "the programme names it; then the programme's is recorded)"})
    gathered_on = fields.Date(required=True, validate=not_in_future)
    contributor_id = fields.UUID(load_default=None, allow_none=True, metadata={
        "description": "One of this partner's contributors; leave out for anonymous input"})

    @validates_schema
    def honest_participation(self, data, **kwargs):
        """The method's rule here; co-production's stage is checked by the use case, which
        knows whether the programme names one."""
        if "engagement_method" in data and "participation_level" in data:
            problems = method_problems(data["engagement_method"], data["participation_level"])
            if problems:
                raise ValidationError(problems, field_name="participation_level")


class BatchIn(Schema):
    inputs = fields.List(fields.Nested(InputIn), required=True,
                         validate=validate.Length(min=1, max=MAX_BATCH))


class WithdrawIn(Schema):
    reason = Text(load_default=None, allow_none=True, max_length=1000, metadata={
        "description": "Kept by intake only; never published"})


class StatusChangeOut(Schema):
    status = fields.String(required=True)
    at = fields.AwareDateTime(required=True, attribute="changed_at")
    cause = fields.String(required=True, metadata={"description": "The event that moved it"})


class InputOut(Schema):
    input_id = fields.String(required=True)
    partner_id = fields.String(required=True)
    contributor_id = fields.String(allow_none=True, required=True)
    programme = fields.String(required=True)
    topics = fields.List(fields.String(), required=True)
    summary = fields.String(required=True)
    body = fields.String(allow_none=True, required=True)
    engagement_method = fields.String(required=True)
    participation_level = fields.String(required=True)
    shared_decision_stage = fields.String(required=True, allow_none=True)
    gathered_on = fields.Date(required=True)
    submitted_at = fields.AwareDateTime(required=True)
    status = fields.String(required=True, metadata={"enum": list(STATUSES), "description": (
        "received, outcome_published (not told yet), closed (told by email or by you), "
        "not_wanted (the contributor did not want to hear), anonymous (nobody to tell), withdrawn. "
        "not_wanted and anonymous have a public outcome but are never counted as closed")})
    status_history = fields.List(fields.Nested(StatusChangeOut), required=True)
    withdrawn_at = fields.AwareDateTime(allow_none=True, required=True)
    withdrawal_reason = fields.String(allow_none=True, required=True)


class BatchOut(Schema):
    items = fields.List(fields.Nested(InputOut), required=True)


InputPageOut = page_schema(InputOut, "InputPageOut", total=True)


class InputQueryArgs(PageArgs):
    programme = fields.String(metadata={"description": "Exact programme name"})
    status = fields.String(validate=validate.OneOf(STATUSES))
    topic = fields.String(metadata={"description": "Inputs with this topic among theirs"})
    since = fields.AwareDateTime(default_timezone=UTC, metadata={
        "description": "Submitted at or after this time (ISO 8601; UTC if no offset)"})
