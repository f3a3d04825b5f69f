"""The open-data files (/data): published decisions and their links, as CSV and JSON. No
contributor or partner ids, no contact details, no input text except consented quotes.

Each file is written as it is read (file_chunks), or ahead of time by the decisions worker into
a folder the API serves from (build_files, refresh_files): at a million inputs writing links.csv
takes about a minute, too long for a download to wait (docs/performance.md)."""
from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from services.decisions.service_layer.public_pages import exported_decisions, exported_links
from services.decisions.service_layer.reports import figures_generation

EXTENSIONS = ("csv", "json")
MANIFEST = "built.json"  # written last: its presence says every file beside it is complete

DECISION_FIELDS = [
    ("decision_id", "The decision's identifier. Its page is /decisions/<decision_id>."),
    ("url", "The decision's public page."),
    ("board_id", "The identifier of the board that took the decision."),
    ("board_name", "The board's name."),
    ("board_slug", "The board's scorecard is /boards/<board_slug>."),
    ("programme", "The programme the decision belongs to."),
    ("title", "The decision in a few words."),
    ("summary", "What was decided."),
    ("rationale", "Why."),
    ("decided_on", "The date of the decision (YYYY-MM-DD)."),
    ("review_on", "When the board will review it (YYYY-MM-DD); empty if no date was set."),
    ("published_at", "When it was first made public (UTC, ISO 8601)."),
    ("revision", "How many times it has been published: 1 when it was never revised."),
    ("no_input_considered", "true when the board says it considered no input for it."),
    ("inputs_cited", "Pieces of input the decision cites now."),
    ("adopted", "Of those, how many were adopted: we did what was asked."),
    ("adapted", "How many were adapted: part of it was done, or it was done differently."),
    ("not_adopted", "How many were not adopted, each with the reason why."),
    ("noted", "How many informed the discussion without a specific change."),
    ("progress_status", "Latest progress: planned, in_progress, delivered or stopped; empty if none."),
    ("progress_percent", "How far implementation has got, 0 to 100; empty if not reported."),
]
LINK_FIELDS = [
    ("decision_id", "The decision that cites the input."),
    ("input_id", "An identifier of the piece of input. It says nothing about who gave it."),
    ("board_id", "The board that took the decision."),
    ("programme", "The programme of the decision."),
    ("decided_on", "The date of the decision (YYYY-MM-DD)."),
    ("cited_on", "When the board wrote this link (YYYY-MM-DD)."),
    ("input_submitted_on", "When the input reached Heard (YYYY-MM-DD)."),
    ("influence", "How the input was used: adopted, adapted, not_adopted or noted."),
    ("explanation", "What the board told the person, in its own words."),
    ("participation_level", "How involved people were: informing, consultation, engagement, "
                            "co-design or co-production."),
    ("engagement_method", "How the input was gathered, such as survey or interview."),
    ("quote", "A short anonymised quote, only where the person agreed to be quoted; "
              "empty otherwise."),
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _decision_record(row: dict[str, Any], base_url: str) -> dict[str, Any]:
    counts, progress = row["influence_counts"], row["progress"] or {}
    values = {**row, "url": f"{base_url}/decisions/{row['decision_id']}",
              "inputs_cited": sum(counts.values()), **{k: counts.get(k, 0) for k in (
                  "adopted", "adapted", "not_adopted", "noted")},
              "progress_status": progress.get("status"), "progress_percent": progress.get("percent")}
    return {name: _iso(values[name]) for name, _ in DECISION_FIELDS}


def _link_record(row: dict[str, Any], _base_url: str) -> dict[str, Any]:
    values = {**row, "cited_on": row["linked_at"].date(),
              "input_submitted_on": row["submitted_at"].date()}
    return {name: _iso(values[name]) for name, _ in LINK_FIELDS}


FILES = {
    "decisions": ("Published decisions", "One row per published decision, with counts of how the "
                  "input it cites was used and its latest progress.", DECISION_FIELDS,
                  exported_decisions, _decision_record),
    "links": ("Links between decisions and input", "One row per piece of input a published "
              "decision cites now, with how it was used and why.", LINK_FIELDS,
              exported_links, _link_record),
}


def csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # spreadsheets run a cell that starts like a formula; an apostrophe keeps it text
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_chunks(records: Iterator[dict[str, Any]], names: list[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for i, record in enumerate(records, 1):
        writer.writerow([csv_cell(record[name]) for name in names])
        if i % CHUNK_ROWS == 0:  # a chunk per many rows: one per row costs more than the rows
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(records: Iterator[dict[str, Any]], key: str) -> Iterator[str]:
    chunk = ['{"' + key + '": [']
    for i, record in enumerate(records):
        chunk.append(("," if i else "") + "\n" + json.dumps(record, ensure_ascii=False))
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "\n]}\n"


def file_chunks(engine: Engine, base_url: str, name: str, extension: str) -> Iterator[str]:
    """One open-data file, read from the database as it is written."""
    _title, _about, fields, rows_of, record_of = FILES[name]
    records = (record_of(row, base_url) for row in rows_of(engine))
    if extension == "csv":
        return csv_chunks(records, [n for n, _ in fields])
    return json_chunks(records, name)


def built(folder: Path) -> dict[str, Any] | None:
    """What the files in `folder` were built from ({"generation", "built_at"}), or None when
    no complete set is there."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _write(path: Path, chunks: Iterator[str]) -> None:
    """Under a temporary name, then renamed: a reader sees the old file or the new, never half."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def build_files(engine: Engine, base_url: str, folder: Path) -> int | None:
    """Write every open-data file into `folder`; returns the figures generation they were
    built from. The number is read first, so the files are never older than it says."""
    generation = figures_generation(engine)
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        for extension in EXTENSIONS:
            _write(folder / f"{name}.{extension}", file_chunks(engine, base_url, name, extension))
    manifest = {"generation": generation, "built_at": datetime.now(UTC).isoformat(timespec="seconds")}
    _write(folder / MANIFEST, iter([json.dumps(manifest)]))
    return generation


def refresh_files(engine: Engine, base_url: str, folder: Path) -> bool:
    """Build the files again if anything they show has changed since they were built (the
    figures generation moves on with every table they read); True when it built them."""
    current = built(folder)
    if current is not None and current.get("generation") == figures_generation(engine):
        return False
    build_files(engine, base_url, folder)
    return True
