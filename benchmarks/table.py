"""One row per measured path: Heard's figure, its limit's, the ratio and whether the target holds.

Figures are printed and written to results.json; nothing here asserts a speed.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Row:
    path: str
    heard: float                      # Heard's rate (unit below)
    limit: float | None = None        # the limit's rate, measured in the same run
    unit: str = "req/s"
    target_ratio: float | None = None  # Heard / limit must be at least this
    p50_ms: float | None = None
    p99_ms: float | None = None
    max_p50_ms: float | None = None
    max_p99_ms: float | None = None
    max_seconds: float | None = None   # for one-shot runs (emails): elapsed time limit
    seconds: float | None = None
    errors: int = 0
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if not self.limit:
            return None
        return self.heard / self.limit

    def failures(self) -> list[str]:
        """What misses its target (empty when every stated target holds)."""
        missed = []
        if self.target_ratio is not None and (self.ratio is None or self.ratio < self.target_ratio):
            missed.append(f"ratio < {self.target_ratio:.0%}")
        if self.max_p50_ms is not None and (self.p50_ms is None or self.p50_ms > self.max_p50_ms):
            missed.append(f"p50 > {self.max_p50_ms:g} ms")
        if self.max_p99_ms is not None and (self.p99_ms is None or self.p99_ms > self.max_p99_ms):
            missed.append(f"p99 > {self.max_p99_ms:g} ms")
        if self.max_seconds is not None and (self.seconds is None or self.seconds > self.max_seconds):
            missed.append(f"took > {self.max_seconds:g} s")
        if self.errors:
            missed.append(f"{self.errors} errors")
        return missed

    def target_text(self) -> str:
        parts = []
        if self.target_ratio is not None:
            parts.append(f">={self.target_ratio:.0%}")
        if self.max_p50_ms is not None:
            parts.append(f"p50<={self.max_p50_ms:g}ms")
        if self.max_p99_ms is not None:
            parts.append(f"p99<={self.max_p99_ms:g}ms")
        if self.max_seconds is not None:
            parts.append(f"<={self.max_seconds:g}s")
        return " ".join(parts) or "-"

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "target": self.target_text(),
                "met": not self.failures(), "missed": self.failures()}


COLUMNS = ("path", "Heard", "limit", "ratio", "target", "p50", "p99", "met")


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:,.0f}" if value >= 100 else f"{value:,.1f}"
    return f"{text} {unit}".strip()


def cells(row: Row) -> tuple[str, ...]:
    has_target = row.target_text() != "-" or row.errors
    return (row.path, _num(row.heard, row.unit), _num(row.limit, row.unit),
            "-" if row.ratio is None else f"{row.ratio:.0%}", row.target_text(),
            _num(row.p50_ms, "ms"), _num(row.p99_ms, "ms"),
            ("yes" if not row.failures() else "NO: " + ", ".join(row.failures()))
            if has_target else "-")


def format_table(rows: list[Row]) -> str:
    """A Markdown table, so the same text goes to the terminal and to docs/performance.md."""
    body = [cells(row) for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in body)) for i, c in enumerate(COLUMNS)]

    def line(values) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(COLUMNS), rule, *(line(r) for r in body)])


def write_results(rows: list[Row], path: Path, conditions: dict) -> None:
    path.write_text(json.dumps({"conditions": conditions, "rows": [r.as_dict() for r in rows]},
                               indent=2) + "\n")
