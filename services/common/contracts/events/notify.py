"""Events owned by the notify service. Ids and outcomes only: never an address."""
from marshmallow import fields, validate

from services.common.contracts.events.common import PayloadSchema, one_of

TRIGGERS = ("published", "revised", "progress")
SUPPRESSION_REASONS = ("no_consent", "no_email", "unsubscribed", "erased")


class _NotificationFacts(PayloadSchema):
    notification_id = fields.UUID(required=True)
    decision_id = fields.UUID(required=True)
    board_id = fields.UUID(required=True)
    contributor_id = fields.UUID(required=True)
    partner_id = fields.UUID(required=True)
    input_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1))
    trigger = fields.String(required=True, validate=one_of(TRIGGERS))
    trigger_ref = fields.String(required=True, validate=validate.Length(min=1, max=100))


class NotificationSentV1(_NotificationFacts):
    sent_at = fields.AwareDateTime(required=True)
    attempts = fields.Integer(required=True, validate=validate.Range(min=1))


class NotificationFailedV1(_NotificationFacts):
    failed_at = fields.AwareDateTime(required=True)
    attempts = fields.Integer(required=True, validate=validate.Range(min=1))
    reason = fields.String(required=True, validate=validate.Length(max=500))


class NotificationSuppressedV1(_NotificationFacts):
    suppressed_at = fields.AwareDateTime(required=True)
    reason = fields.String(required=True, validate=one_of(SUPPRESSION_REASONS))


class ContributorUnsubscribedV1(PayloadSchema):
    """Someone pressed the unsubscribe link in an email: notify emails that address no more, and
    intake records it in the contributor's consent history (method "unsubscribe link"). One
    event per contributor record holding the address; ids only, never the address."""
    contributor_id = fields.UUID(required=True)
    partner_id = fields.UUID(required=True)
    unsubscribed_at = fields.AwareDateTime(required=True)


ANSWERS = ("yes", "partly", "no")


class OutcomeAnsweredV1(PayloadSchema):
    """A contributor said whether they feel their input was used honestly in a decision. One
    answer per person per decision: a later event replaces the earlier one. The comment (already
    screened for contact details) is for their partner only; decisions counts answers only."""
    decision_id = fields.UUID(required=True)
    board_id = fields.UUID(required=True)
    partner_id = fields.UUID(required=True)
    contributor_id = fields.UUID(required=True)
    answer = fields.String(required=True, validate=one_of(ANSWERS))
    comment = fields.String(required=True, allow_none=True, validate=validate.Length(min=1, max=1000))
    answered_at = fields.AwareDateTime(required=True)
