"""Field types for the text partners send. Free text travels in events, so it must not carry
contact details: those belong in a contributor record, which only notify ever sees."""
from __future__ import annotations

from datetime import date

from marshmallow import ValidationError, fields

from services.common.db.types import utcnow
from services.common.web import text_fields as common
from services.intake.domain.inputs import latest_gathered_on
from services.intake.domain.text import is_language_tag

NO_EMAIL = ("Remove the email address: contact details go in a contributor record "
            "(POST /v1/contributors), never in the text.")


class Text(common.Text):
    """Trimmed text of bounded length, free of email addresses; `plain` also forbids markup."""
    email_message = NO_EMAIL


class LanguageTag(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        tag = super()._deserialize(value, attr, data, **kwargs)
        if len(tag) > 35 or not is_language_tag(tag):
            raise ValidationError("Must be a BCP 47 language tag, such as en, cy or pt-BR.")
        return tag


def not_in_future(value: date) -> None:
    if value > latest_gathered_on(utcnow()):
        raise ValidationError("Must not be in the future.")


def no_repeats(values: list) -> None:
    if len(set(values)) != len(values):
        raise ValidationError("Each topic may appear only once.")
