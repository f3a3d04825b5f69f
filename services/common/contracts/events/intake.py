"""Events owned by the intake service."""
from marshmallow import fields, validate

from services.common.contracts.events.common import (
    ACCESSIBLE_FORMATS, EMAIL_FREQUENCIES, ENGAGEMENT_METHODS, PARTICIPATION_LEVELS, SHARED_DECISION_STAGES,
    PayloadSchema, one_of,
)


class InputSubmittedV1(PayloadSchema):
    input_id = fields.UUID(required=True)
    partner_id = fields.UUID(required=True)
    contributor_id = fields.UUID(required=True, allow_none=True)
    programme = fields.String(required=True, validate=validate.Length(min=1, max=200))
    topics = fields.List(fields.String(validate=validate.Length(min=1, max=100)), required=True,
                         validate=validate.Length(min=1, max=10))
    summary = fields.String(required=True, validate=validate.Length(min=1, max=500))
    body = fields.String(required=True, allow_none=True, validate=validate.Length(max=20000))
    engagement_method = fields.String(required=True, validate=one_of(ENGAGEMENT_METHODS))
    participation_level = fields.String(required=True, validate=one_of(PARTICIPATION_LEVELS))
    # optional (added later, same version): the stage at which contributors shared decisions
    shared_decision_stage = fields.String(load_default=None, allow_none=True,
                                          validate=one_of(SHARED_DECISION_STAGES))
    gathered_on = fields.Date(required=True)
    submitted_at = fields.AwareDateTime(required=True)
    quote_anonymously = fields.Boolean(required=True)


class InputWithdrawnV1(PayloadSchema):
    input_id = fields.UUID(required=True)
    partner_id = fields.UUID(required=True)
    withdrawn_at = fields.AwareDateTime(required=True)


class PartnerRegisteredV1(PayloadSchema):
    """The partner as it is now: sent when it is registered and again when it is renamed."""
    partner_id = fields.UUID(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    registered_at = fields.AwareDateTime(required=True)
    # optional (added in v1): when this state began; a consumer keeps the newest per partner
    updated_at = fields.AwareDateTime(load_default=None, allow_none=True)


class ContributorConsentChangedV1(PayloadSchema):
    """Consent flags only: lets decisions honour quote consent without seeing contact details."""
    contributor_id = fields.UUID(required=True)
    partner_id = fields.UUID(required=True)
    contact_about_outcomes = fields.Boolean(required=True)
    quote_anonymously = fields.Boolean(required=True)
    changed_at = fields.AwareDateTime(required=True)
    # -- for the board workspace's "who will be told" (optional: older events lack them) --------
    # Whether an address is held and the email format: never the address itself.
    has_email = fields.Boolean(load_default=None, allow_none=True)
    accessible_format = fields.String(load_default=None, allow_none=True,
                                      validate=one_of(ACCESSIBLE_FORMATS))
    # how often they chose to hear (at once, a daily digest, the final outcome only): a choice,
    # not a contact detail (optional: older events lack it)
    email_frequency = fields.String(load_default=None, allow_none=True, validate=one_of(EMAIL_FREQUENCIES))


class ContactV1(PayloadSchema):
    """The only payload that carries contact details. Compacted topic; a tombstone erases it.

    kind "contributor": a contributor's address and consent, keyed by contributor id.
    kind "partner": a partner organisation's contact address and digest choice, keyed by partner id.
    """
    contact_id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=one_of(("contributor", "partner")))
    partner_id = fields.UUID(required=True)
    email = fields.Email(required=True, allow_none=True)
    preferred_name = fields.String(required=True, allow_none=True, validate=validate.Length(max=200))
    contact_about_outcomes = fields.Boolean(required=True)
    daily_digest = fields.Boolean(load_default=False, dump_default=False)
    language = fields.String(required=True, validate=validate.Length(min=2, max=35))
    accessible_format = fields.String(required=True, validate=one_of(ACCESSIBLE_FORMATS))
    # optional (added later, same version): a contributor's choice of one email per update, one
    # daily digest, or the final outcome only; older records and partners (which never carry it)
    # read as each_update
    email_frequency = fields.String(load_default="each_update", validate=one_of(EMAIL_FREQUENCIES))
    updated_at = fields.AwareDateTime(required=True)


RELAY_METHODS = ("in_person", "phone", "letter", "group_session")


class OutcomeRelayedV1(PayloadSchema):
    """The partner told a contributor an outcome themselves (no email was possible or wanted).
    Ids only: who was told stays with the partner."""
    relay_id = fields.UUID(required=True)
    decision_id = fields.UUID(required=True)
    revision = fields.Integer(required=True, validate=validate.Range(min=1))
    partner_id = fields.UUID(required=True)
    contributor_id = fields.UUID(required=True)
    input_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1))
    how = fields.String(required=True, validate=one_of(RELAY_METHODS))
    relayed_at = fields.AwareDateTime(required=True)
