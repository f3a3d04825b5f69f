"""Reading the workspace's forms with the API's own schemas and rules, and turning what is wrong
into GOV.UK-style errors: a summary at the top linking to each field, the message at the field."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import g, render_template
from marshmallow import Schema, ValidationError

from services.decisions.domain.errors import Invalid

PLAIN = {
    "Missing data for required field.": "Enter {label}.",
    "Field may not be null.": "Enter {label}.",
    "Not a valid date.": "Enter {label} as a date, for example 2027-03-14.",
    "Not a valid integer.": "Enter {label} as a whole number.",
    "Must not be blank.": "Enter {label}.",
}


class FormErrors:
    """Messages by field id; the field id is also the id of the input on the page."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def add(self, field_id: str, message: str) -> None:
        self.by_field.setdefault(field_id, []).append(message)

    def of(self, field_id: str) -> list[str]:
        return self.by_field.get(field_id, [])

    @property
    def summary(self) -> list[tuple[str, str]]:
        return [(field_id, m) for field_id, messages in self.by_field.items() for m in messages]

    def add_messages(self, messages: Mapping[str, Any], labels: Mapping[str, str],
                     ids: Mapping[str, str] | None = None) -> None:
        """`labels` names each known field in words; `ids` sends a field's messages to another
        field's id ("_other": where messages of unknown fields go)."""
        ids = ids or {}
        for name, found in messages.items():
            known = name in labels
            target = ids.get(name, name) if known else ids.get("_other", name)
            for message in _flatten(found):
                text = PLAIN.get(message, message) if known else message
                self.add(target, text.replace("{label}", labels.get(name, "").lower()))

    def add_invalid(self, error: Invalid, labels: Mapping[str, str],
                    ids: Mapping[str, str] | None = None) -> None:
        self.add_messages(error.errors, labels, ids)

    def name_inputs(self, summaries: Mapping[str, str]) -> None:
        """Messages name inputs by id; a board member knows them by what they say."""
        for messages in self.by_field.values():
            for i, message in enumerate(messages):
                for input_id, summary in summaries.items():
                    message = message.replace(f"Input {input_id}", f"The input “{summary}”")
                messages[i] = message


def _flatten(found) -> Iterable[str]:
    if isinstance(found, str):
        yield found
    elif isinstance(found, Mapping):
        for value in found.values():
            yield from _flatten(value)
    else:
        for value in found:
            yield from _flatten(value)


def load(schema: Schema, data: Mapping[str, Any], labels: Mapping[str, str],
         errors: FormErrors, ids: Mapping[str, str] | None = None) -> dict | None:
    """The schema's result, or None with the messages added to `errors`."""
    try:
        return schema.load(dict(data))
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        errors.add_messages(messages, labels, ids)
        return None


def form_values(form, names: Iterable[str]) -> dict[str, str]:
    """The submitted text of each field; empty optional fields left out so defaults apply."""
    return {name: form.get(name, "").strip() for name in names if form.get(name, "").strip()}


def page(template: str, status: int = 200, **context):
    """Render a workspace page: the signed-in board, its notice, and the page's own context."""
    session = g.get("board_session")
    context.setdefault("errors", FormErrors())
    status = 400 if context["errors"] and status == 200 else status
    return render_template(template, signed_in=session is not None,
                           notice=session.notice if session is not None else None, **context), status


def programme_options(programmes: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(value, label) for a programme select: the registered programmes, closed ones said so."""
    return [(p["name"], p["name"] if p["status"] == "open" else f"{p['name']} (closed to new input)")
            for p in programmes]
