"""Intake's one web page (the printable relay list), rendered with the shared email templates'
wording and filters."""
from __future__ import annotations

from pathlib import Path

from services.common.emails.renderer import TemplateRenderer

PAGES_DIR = Path(__file__).resolve().parents[1] / "templates"


def page_renderer() -> TemplateRenderer:
    return TemplateRenderer(PAGES_DIR)
