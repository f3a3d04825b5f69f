"""/data: open-data downloads of published decisions and their links, as CSV and JSON. No
contributor or partner ids, no contact details, no input text except consented quotes."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime

from flask import Response, abort, render_template

from services.common.web.runtime import current_runtime
from services.decisions.entrypoints.site.blueprint import blp
from services.decisions.service_layer import public_pages

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


def _iso(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _decision_record(row: dict, base_url: str) -> dict:
    counts, progress = row["influence_counts"], row["progress"] or {}
    values = {**row, "url": f"{base_url}/decisions/{row['decision_id']}",
              "inputs_cited": sum(counts.values()), **{k: counts.get(k, 0) for k in (
                  "adopted", "adapted", "not_adopted", "noted")},
              "progress_status": progress.get("status"), "progress_percent": progress.get("percent")}
    return {name: _iso(values[name]) for name, _ in DECISION_FIELDS}


def _link_record(row: dict, _base_url: str) -> dict:
    values = {**row, "cited_on": row["linked_at"].date(),
              "input_submitted_on": row["submitted_at"].date()}
    return {name: _iso(values[name]) for name, _ in LINK_FIELDS}


FILES = {
    "decisions": ("Published decisions", "One row per published decision, with counts of how the "
                  "input it cites was used and its latest progress.", DECISION_FIELDS,
                  public_pages.exported_decisions, _decision_record),
    "links": ("Links between decisions and input", "One row per piece of input a published "
              "decision cites now, with how it was used and why.", LINK_FIELDS,
              public_pages.exported_links, _link_record),
}


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # spreadsheets run a cell that starts like a formula; an apostrophe keeps it text
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(records: Iterator[dict], names: list[str]) -> Iterator[str]:
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


def _json(records: Iterator[dict], key: str) -> Iterator[str]:
    chunk = ['{"' + key + '": [']
    for i, record in enumerate(records):
        chunk.append(("," if i else "") + "\n" + json.dumps(record, ensure_ascii=False))
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk) + "\n]}\n"


@blp.get("/data")
def data():
    return render_template("site/data.html", files=FILES)


@blp.get("/data/<filename>")
def download(filename: str):
    name, _, extension = filename.partition(".")
    if name not in FILES or extension not in ("csv", "json"):
        abort(404)  # here rather than in the route, so the answer is the site's own 404 page
    _title, _about, fields, rows_of, record_of = FILES[name]
    runtime = current_runtime()  # read now: the body is written after the request context ends
    engine, base_url = runtime.engine, runtime.settings.public_base_url
    records = (record_of(row, base_url) for row in rows_of(engine))
    if extension == "csv":
        body, mimetype = _csv(records, [n for n, _ in fields]), "text/csv"
    else:
        body, mimetype = _json(records, name), "application/json"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}.{extension}"'})
