"""Text fields for request schemas: trimmed length limits, never blank."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


def text(max_length: int, **kwargs) -> fields.String:
    kwargs.setdefault("required", True)
    return fields.String(validate=[validate.Length(min=1, max=max_length), _not_blank], **kwargs)
