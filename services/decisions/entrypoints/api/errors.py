"""The answers decisions' API gives for what a use case refused (one mapping for all services:
services/common/web/service_errors.py), with decisions' wording for the OpenAPI document."""
from __future__ import annotations

from services.common.web.service_errors import error_answers

answers = error_answers({
    404: "No such object, or it belongs to another board",
    409: "The record's state does not allow this now",
    422: "A field is invalid; `errors` names it",
})
