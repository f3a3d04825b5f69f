"""The one text field for request schemas, applying the shared rules (services/common/text.py):
trimmed, never blank, bounded; `plain` also forbids markup and control characters. A service
whose text travels where contact details must not go sets `email_message` to refuse addresses."""
from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from services.common.text import contains_email, is_plain_text


class Text(fields.String):
    email_message: str | None = None  # None: email addresses are allowed in this text

    def __init__(self, *, max_length: int, min_length: int = 1, plain: bool = False, **kwargs: Any):
        kwargs.setdefault("validate", validate.Length(min=min_length, max=max_length))
        super().__init__(**kwargs)
        self.plain = plain

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            raise ValidationError("Must not be blank.")
        if self.email_message and contains_email(text):
            raise ValidationError(self.email_message)
        if self.plain and not is_plain_text(text):
            raise ValidationError("Must be plain text: no markup or control characters.")
        return text
