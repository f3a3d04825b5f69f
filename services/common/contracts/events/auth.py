"""API key records, published by each service that issues keys so every service can check them.

Only the SHA-256 hash of a key travels, never the key itself.
"""
from marshmallow import fields, validate

from services.common.contracts.events.common import ROLES, PayloadSchema, one_of


class ApiKeyChangedV1(PayloadSchema):
    key_id = fields.UUID(required=True)
    key_hash = fields.String(required=True, validate=validate.Regexp(r"^[0-9a-f]{64}$"))
    role = fields.String(required=True, validate=one_of(ROLES))
    partner_id = fields.UUID(required=True, allow_none=True)
    board_id = fields.UUID(required=True, allow_none=True)
    label = fields.String(required=True, validate=validate.Length(max=200))
    created_at = fields.AwareDateTime(required=True)
    revoked_at = fields.AwareDateTime(required=True, allow_none=True)
    # added in 1.1 (optional, so the version stays): the key stops working then; null: never
    expires_at = fields.AwareDateTime(load_default=None, allow_none=True)
