"""Jinja2 templates for the outcome emails, chosen by language and accessible format.

Shared by notify (which sends the emails) and decisions (whose board workspace previews them),
so a preview is rendered by the very templates that will be sent.

Emails live in templates/<language>/<format>/<name>.{subject,txt,html}.j2. The first of these
that exists is used: the contact's language and format, its primary language subtag ("en" for
"en-GB"), then English in that format, then English standard. A service may add directories of
its own (notify's web pages) after the shared one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
FALLBACK_LANGUAGE = "en"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Rendered:
    language: str
    accessible_format: str
    subject: str
    text: str
    html: str


class TemplateRenderer:
    def __init__(self, *extra_directories: Path):
        directories = [str(TEMPLATES_DIR), *(str(d) for d in extra_directories)]
        self.env = Environment(
            loader=FileSystemLoader(directories),
            autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True)
        self.env.filters["long_date"] = long_date
        self._available = set(self.env.list_templates())

    def choose(self, language: str, accessible_format: str, name: str) -> tuple[str, str]:
        tag = (language or FALLBACK_LANGUAGE).strip().lower().replace("_", "-")
        candidates = [(tag, accessible_format), (tag.split("-")[0], accessible_format),
                      (FALLBACK_LANGUAGE, accessible_format), (FALLBACK_LANGUAGE, "standard")]
        for candidate in candidates:
            if f"{candidate[0]}/{candidate[1]}/{name}.subject.j2" in self._available:
                return candidate
        raise LookupError(f"no template for {name}")

    def render_email(self, language: str, accessible_format: str, name: str,
                     context: dict[str, Any]) -> Rendered:
        chosen_language, chosen_format = self.choose(language, accessible_format, name)
        context = {**context, "lang": chosen_language}
        prefix = f"{chosen_language}/{chosen_format}/{name}"
        subject = self.env.get_template(f"{prefix}.subject.j2").render(context)
        context["subject"] = " ".join(subject.split())
        return Rendered(chosen_language, chosen_format, context["subject"],
                        self.env.get_template(f"{prefix}.txt.j2").render(context),
                        self.env.get_template(f"{prefix}.html.j2").render(context))

    def render_page(self, name: str, context: dict[str, Any]) -> str:
        return self.env.get_template(f"pages/{name}.html.j2").render({"lang": "en", **context})


def long_date(value: date | str) -> str:
    """10 March 2027: unambiguous, unlike 10/03/2027."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
