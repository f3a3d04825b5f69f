"""Horizontal bar charts as plain data for templates/site/charts.html: every bar carries its number
as text, a second series is hatched as well as coloured, and the same numbers go in a table."""
from __future__ import annotations

from dataclasses import dataclass, field

from services.decisions.entrypoints.site.words import (
    INFLUENCES, LEVELS, month_label, percent, share,
)

LABEL_WIDTH, BAR_SPACE, WIDTH = 210, 290, 600
BAR_HEIGHT, GAP, LEGEND = 22, 12, 30


@dataclass
class Chart:
    chart_id: str
    title: str
    series: list[str]          # one name per series; two series get a legend and a hatch
    headers: list[str]         # the table's column headers, the first names the categories
    rows: list[dict] = field(default_factory=list)  # {label, values, texts, cells}
    maximum: float | None = None  # the full bar length; the biggest value when None

    def add(self, label: str, values: list[float], texts: list[str], cells: list[str]) -> None:
        self.rows.append({"label": label, "values": values, "texts": texts, "cells": cells})

    @property
    def description(self) -> str:
        parts = []
        for row in self.rows:
            told = ", ".join(f"{name} {text}" if len(self.series) > 1 else text
                             for name, text in zip(self.series, row["texts"], strict=True))
            parts.append(f"{row['label']}: {told}")
        return f"{self.title}. " + "; ".join(parts) + "."

    def geometry(self) -> dict:
        """Where each bar and label goes, in SVG user units."""
        top = LEGEND if len(self.series) > 1 else 6
        band = BAR_HEIGHT * len(self.series) + GAP
        biggest = self.maximum or max((v for row in self.rows for v in row["values"]), default=0) or 1
        rows = []
        for i, row in enumerate(self.rows):
            y = top + i * band
            bars = [{"series": s, "y": y + s * BAR_HEIGHT + 2, "height": BAR_HEIGHT - 4,
                     "width": round(value / biggest * BAR_SPACE, 1), "text": text,
                     "text_y": y + s * BAR_HEIGHT + BAR_HEIGHT / 2}
                    for s, (value, text) in enumerate(zip(row["values"], row["texts"], strict=True))]
            rows.append({"label": row["label"], "label_y": y + band / 2 - GAP / 2, "bars": bars})
        return {"width": WIDTH, "height": top + band * len(self.rows), "label_x": LABEL_WIDTH - 10,
                "bar_x": LABEL_WIDTH, "rows": rows}


def closed_loop_chart(chart_id: str, by_month: list[dict]) -> Chart:
    chart = Chart(chart_id, "Closed-loop rate by month the input was given", ["Closed-loop rate"],
                  ["Month", "Input received", "Loop closed", "Closed-loop rate"], maximum=1)
    for month in by_month:
        rate = month["rate"]
        chart.add(month_label(month["month"]), [rate or 0], [percent(rate)],
                  [str(month["received"]), str(month["closed"]), percent(rate)])
    return chart


def influence_chart(chart_id: str, mix: dict[str, int]) -> Chart:
    chart = Chart(chart_id, "How the input cited in decisions was used", ["Pieces of input"],
                  ["How it was used", "Pieces of input", "Share"])
    total = sum(mix.values())
    for code, (label, _meaning) in INFLUENCES.items():
        count = mix.get(code, 0)
        chart.add(label, [count], [str(count)], [str(count), share(count, total)])
    return chart


def participation_chart(chart_id: str, received: dict[str, int], shaping: dict[str, int]) -> Chart:
    chart = Chart(chart_id, "Participation level: all input received, and input that shaped "
                  "decisions", ["All input received", "Input that shaped decisions"],
                  ["Participation level", "All input received", "Share",
                   "Input that shaped decisions", "Share"])
    total_received, total_shaping = sum(received.values()), sum(shaping.values())
    for code, label in LEVELS.items():
        got, shaped = received.get(code, 0), shaping.get(code, 0)
        chart.add(label, [got, shaped], [str(got), str(shaped)],
                  [str(got), share(got, total_received), str(shaped), share(shaped, total_shaping)])
    return chart


def counts_chart(chart_id: str, title: str, headers: list[str], rows: list[tuple[str, int]]) -> Chart:
    chart = Chart(chart_id, title, [headers[1]], headers)
    for label, count in rows:
        chart.add(label, [count], [str(count)], [str(count)])
    return chart


def overdue_chart(chart_id: str, bands: list[dict]) -> Chart:
    return counts_chart(chart_id, "Overdue input by how long past due",
                        ["How long past due", "Pieces of input"],
                        [(band["band"].capitalize(), band["count"]) for band in bands])


def published_chart(chart_id: str, months: list[dict]) -> Chart:
    return counts_chart(chart_id, "Decisions published each month", ["Month", "Decisions published"],
                        [(month_label(m["month"]), m["published"]) for m in months])
