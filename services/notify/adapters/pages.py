"""Notify's own web pages (unsubscribe), rendered with the shared email templates' filters."""
from __future__ import annotations

from pathlib import Path

from services.common.emails.renderer import TemplateRenderer

PAGES_DIR = Path(__file__).resolve().parents[1] / "templates"


def page_renderer() -> TemplateRenderer:
    return TemplateRenderer(PAGES_DIR)
