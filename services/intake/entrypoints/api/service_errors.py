"""The answers intake's API gives for what a use case refused (one mapping for all services:
services/common/web/service_errors.py), with intake's wording for the OpenAPI document."""
from __future__ import annotations

from services.common.web.service_errors import error_answers

answers = error_answers({
    404: "No such object, or it belongs to another partner",
    409: "Clashes with the current state, or an Idempotency-Key reused with another request",
    413: "The request body is over 1 MiB",
    422: "Invalid fields: `errors` names each one (batches: by item index)",
})
