"""Request and response bodies of /v1/contributors."""
from __future__ import annotations

from dataclasses import asdict

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.common.contracts.events.common import ACCESSIBLE_FORMATS, EMAIL_FREQUENCIES
from services.common.web.pagination import PageArgs
from services.intake.domain.contributors import CONSENT_METHODS, Contributor
from services.intake.entrypoints.api.text_fields import LanguageTag, Text

FREQUENCY_DOC = {"description": "each_update: one email per outcome, progress update or revision, "
                               "as it comes; daily_digest: one email a day with all of that day's news; "
                               "final_outcome: one email per decision, when its implementation ends "
                               "(progress delivered or stopped), and each change after that"}
EMAIL_DOC = {"description": "Optional. Only notify ever sees it, to tell the contributor outcomes."}
REF_DOC = {"description": "Optional. The partner's own reference for this person in its records "
                          "(unique among the partner's contributors; never an email address). "
                          "Only intake keeps it: it is in no event."}


class ConsentIn(Schema):
    contact_about_outcomes = fields.Boolean(required=True, metadata={
        "description": "May be told what became of their input (by email, or through the partner)"})
    quote_anonymously = fields.Boolean(required=True, metadata={
        "description": "May be quoted, without their name, on public pages"})


class ContributorIn(Schema):
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=320),
                         metadata=EMAIL_DOC)
    preferred_name = Text(load_default=None, allow_none=True, max_length=200, plain=True)
    consent = fields.Nested(ConsentIn, required=True)
    consent_method = fields.String(required=True, validate=validate.OneOf(CONSENT_METHODS))
    language = LanguageTag(load_default="en", metadata={"description": "BCP 47 tag"})
    accessible_format = fields.String(load_default="standard",
                                      validate=validate.OneOf(ACCESSIBLE_FORMATS))
    email_frequency = fields.String(load_default="each_update", metadata=FREQUENCY_DOC,
                                    validate=validate.OneOf(EMAIL_FREQUENCIES))
    partner_ref = Text(load_default=None, allow_none=True, max_length=100, plain=True, metadata=REF_DOC)


class ConsentPatchIn(Schema):
    contact_about_outcomes = fields.Boolean()
    quote_anonymously = fields.Boolean()

    @validates_schema
    def not_empty(self, data, **kwargs):
        if not data:
            raise ValidationError("Give contact_about_outcomes, quote_anonymously or both.")


class ContributorPatchIn(Schema):
    """Only the fields given change. A change of consent needs the method it was given by."""
    email = fields.Email(allow_none=True, validate=validate.Length(max=320), metadata=EMAIL_DOC)
    preferred_name = Text(allow_none=True, max_length=200, plain=True)
    consent = fields.Nested(ConsentPatchIn)
    consent_method = fields.String(validate=validate.OneOf(CONSENT_METHODS))
    language = LanguageTag()
    accessible_format = fields.String(validate=validate.OneOf(ACCESSIBLE_FORMATS))
    email_frequency = fields.String(validate=validate.OneOf(EMAIL_FREQUENCIES), metadata=FREQUENCY_DOC)
    partner_ref = Text(allow_none=True, max_length=100, plain=True, metadata=REF_DOC)

    @validates_schema
    def consent_has_a_method(self, data, **kwargs):
        if "consent" in data and "consent_method" not in data:
            raise ValidationError("Say how this consent was given.", "consent_method")


class ConsentOut(Schema):
    contact_about_outcomes = fields.Boolean(required=True)
    quote_anonymously = fields.Boolean(required=True)


class ConsentRecordOut(ConsentOut):
    consent_method = fields.String(required=True)
    recorded_at = fields.AwareDateTime(required=True)


class _ContributorFields(Schema):
    """What a contributor's list row and full record both show."""
    contributor_id = fields.String(required=True, metadata={"description": "Pseudonymous id"})
    partner_id = fields.String(required=True)
    partner_ref = fields.String(allow_none=True, required=True, metadata=REF_DOC)
    consent = fields.Nested(ConsentOut, required=True)
    consent_method = fields.String(required=True)
    language = fields.String(required=True)
    accessible_format = fields.String(required=True)
    email_frequency = fields.String(required=True, metadata=FREQUENCY_DOC)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)
    erased = fields.Boolean(required=True)
    erased_at = fields.AwareDateTime(allow_none=True, required=True)


class ContributorSummaryOut(_ContributorFields):
    """A contributor in a list: no contact details and no consent history (read one record for those)."""
    has_email = fields.Boolean(required=True, metadata={"description": "Whether an address is held"})


class ContributorListArgs(PageArgs):
    partner_ref = fields.String(load_default=None, validate=validate.Length(min=1, max=100),
                                metadata={"description": "The one contributor with this reference"})
    partner_id = fields.UUID(load_default=None, metadata={
        "description": "Admin: one partner's contributors (a partner's key sees only its own)"})
    erased = fields.Boolean(load_default=None, metadata={"description": "Only erased ones, or only others"})


class ContributorOut(_ContributorFields):
    email = fields.String(allow_none=True, required=True)
    preferred_name = fields.String(allow_none=True, required=True)
    consent_history = fields.List(fields.Nested(ConsentRecordOut), required=True, metadata={
        "description": "Every consent given, oldest first; never overwritten"})


def contributor_view(contributor: Contributor) -> dict:
    return {**asdict(contributor), "erased": contributor.erased,
            "consent": {"contact_about_outcomes": contributor.contact_about_outcomes,
                        "quote_anonymously": contributor.quote_anonymously}}


def contributor_summary(contributor: Contributor) -> dict:
    """For ContributorSummaryOut, which leaves the address and name out."""
    return {**contributor_view(contributor), "has_email": bool(contributor.email)}


def flatten(body: dict) -> dict:
    """The request's nested consent, as the flat changes the use cases take."""
    changes = {name: value for name, value in body.items() if name != "consent"}
    changes.update(body.get("consent", {}))
    return changes
