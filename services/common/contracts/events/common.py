"""Field vocabularies shared by several payload schemas."""
from marshmallow import Schema, fields, validate

PARTICIPATION_LEVELS = ("informing", "consultation", "engagement", "co-design", "co-production")
ENGAGEMENT_METHODS = ("survey", "workshop", "interview", "focus_group", "co_design_session", "story",
                      "other", "comment_form")
# the commissioning stage at which contributors shared decision-making (co-production names one)
SHARED_DECISION_STAGES = ("assessing_needs", "setting_priorities", "designing_services",
                          "choosing_providers", "delivering", "reviewing")
INFLUENCES = ("adopted", "adapted", "not_adopted", "noted")
PROGRESS_STATUSES = ("planned", "in_progress", "delivered", "stopped")
ACCESSIBLE_FORMATS = ("standard", "easy_read", "large_print")
# how often a contributor hears about outcomes: each one as it comes, one email a day, or only
# once the decision's implementation has ended (docs/glossary.md: "final outcome only")
EMAIL_FREQUENCIES = ("each_update", "daily_digest", "final_outcome")
ROLES = ("admin", "partner", "board")


class PayloadSchema(Schema):
    """Base for payloads: unknown fields are rejected so a typo never passes silently."""


def one_of(values):
    return validate.OneOf(values)


class LinkPayload(PayloadSchema):
    input_id = fields.UUID(required=True)
    contributor_id = fields.UUID(required=True, allow_none=True)
    partner_id = fields.UUID(required=True)
    influence = fields.String(required=True, validate=one_of(INFLUENCES))
    explanation = fields.String(required=True, validate=validate.Length(min=1, max=5000))
