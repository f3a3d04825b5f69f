"""Logging configuration, applied only by entrypoints (API factory callers, workers, CLI)."""
from __future__ import annotations

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

EVENT_FIELDS = ("event_id", "correlation_id")


class TextFormatter(logging.Formatter):
    """Plain lines for people; event ids appended when a line is about an event."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = [f"{name}={getattr(record, name)}" for name in EVENT_FIELDS if hasattr(record, name)]
        return f"{line} [{' '.join(ids)}]" if ids else line


def configure_logging(log_format: str = "text", level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("kafka").setLevel(logging.WARNING)
