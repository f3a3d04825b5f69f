"""Events owned by the decisions service."""
from marshmallow import fields, validate

from services.common.contracts.events.common import (
    PROGRESS_STATUSES, SHARED_DECISION_STAGES, LinkPayload, PayloadSchema, one_of,
)


WORDING_FIELDS = ("title", "summary", "rationale")


class _DecisionFacts(PayloadSchema):
    decision_id = fields.UUID(required=True)
    board_id = fields.UUID(required=True)
    board_name = fields.String(required=True)
    programme = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    rationale = fields.String(required=True)
    decided_on = fields.Date(required=True)
    public_url = fields.String(required=True)


class OutcomePublishedV1(_DecisionFacts):
    revision = fields.Integer(required=True, validate=validate.Range(min=1))
    published_at = fields.AwareDateTime(required=True)
    no_input_considered = fields.Boolean(required=True)
    links = fields.List(fields.Nested(LinkPayload), required=True)


class OutcomeRevisedV1(_DecisionFacts):
    """A new revision after publication. `links` is the complete set as of this revision."""
    revision = fields.Integer(required=True, validate=validate.Range(min=2))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    revised_at = fields.AwareDateTime(required=True)
    links = fields.List(fields.Nested(LinkPayload), required=True)
    changed_input_ids = fields.List(fields.UUID(), required=True)
    # optional (added in v1): the wording this revision corrected (title, summary, rationale; the
    # facts above carry the corrected text). A revision that corrects wording only names no
    # changed input: no input's outcome changed, so contributors are not emailed about it.
    corrected = fields.List(fields.String(validate=one_of(WORDING_FIELDS)), load_default=list)


class ProgressUpdatedV1(_DecisionFacts):
    entry_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=one_of(PROGRESS_STATUSES))
    previous_status = fields.String(required=True, allow_none=True, validate=one_of(PROGRESS_STATUSES))
    percent = fields.Integer(required=True, validate=validate.Range(min=0, max=100))
    note = fields.String(required=True, validate=validate.Length(max=2000))
    recorded_at = fields.AwareDateTime(required=True)
    links = fields.List(fields.Nested(LinkPayload), required=True)


BOARD_STATUSES = ("active", "retired")


class BoardRegisteredV1(PayloadSchema):
    """The board as it is now: sent at registration and again after each change (the newest
    state per board counts; updated_at orders them)."""
    board_id = fields.UUID(required=True)
    name = fields.String(required=True)
    slug = fields.String(required=True)
    organisation = fields.String(required=True)
    outcome_due_days = fields.Integer(required=True, validate=validate.Range(min=1, max=3650))
    registered_at = fields.AwareDateTime(required=True)
    # optional (added in v1): the programmes whose input the board sees; empty means every one
    programmes = fields.List(fields.String(validate=validate.Length(min=1, max=200)),
                             load_default=list)
    # optional (added in v1): a retired board records nothing new; its record stays public
    status = fields.String(load_default="active", validate=one_of(BOARD_STATUSES))
    retired_at = fields.AwareDateTime(load_default=None, allow_none=True)
    # optional (added in v1): when this state began, for a change after registration
    updated_at = fields.AwareDateTime(load_default=None, allow_none=True)


PROGRAMME_STATUSES = ("open", "closed")


class ProgrammeV1(PayloadSchema):
    """The latest state of one registered programme (compacted: the newest per id counts)."""
    programme_id = fields.UUID(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    slug = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(required=True, validate=validate.Length(max=5000))
    status = fields.String(required=True, validate=one_of(PROGRAMME_STATUSES))
    board_ids = fields.List(fields.UUID(), required=True)
    updated_at = fields.AwareDateTime(required=True)
    # optional (added in v1): the stage at which the programme's contributors shared
    # decision-making; its input may then claim co-production without naming the stage itself
    shared_decision_stage = fields.String(load_default=None, allow_none=True,
                                          validate=one_of(SHARED_DECISION_STAGES))
