"""What the public "You said, we did" pages show. Only published decisions; input withdrawn is
never shown; input text only as a short quote, and only where the contributor consented."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from datetime import date
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, Engine

from services.decisions.adapters import public_sql
from services.decisions.domain.answers import shown_counts
from services.decisions.domain.errors import NotFound
from services.decisions.domain.rules import BULK_EXPLANATION, unbacked_co_production
from services.decisions.domain.slugs import programme_slug
from services.decisions.service_layer.figures_cache import cache_for
from services.decisions.service_layer.reports import (
    ReportFilter, accountability_report, closed_loop_by_month, decisions_published_by_month,
    figures_by_programme, figures_generation, overdue_by_age_band,
)

T = TypeVar("T")
DECISIONS_PER_PAGE = 20
LINKS_PER_DECISION = 10  # on list pages; a decision's own page shows them all
QUOTE_LENGTH = 200
EXPORT_BATCH = 2000
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ()-]{7,}\d")


def kept(engine: Engine, key: Hashable, build: Callable[[], T], *, within_seconds: float = 0.0) -> T:
    """What build() gives (a rendered page), built once while nothing a public page reads has
    changed: the figures generation also moves on with every table the pages read (migration
    a9e3c5d7f101). It is read before build() reads anything, so what is kept under a number is
    never older than that number's data; a later change moves the number on and it is built
    again. `within_seconds`: the number this process read that recently is used without asking
    the database again, so a change may take that long to show. Keep only what needs no copy:
    a caller must not change what it is given."""
    cache = cache_for(engine)
    generation = cache.recent_generation(lambda: figures_generation(engine), within_seconds)
    return cast(T, cache.get_or_build(generation, ("page", key), build))


def public_quote(summary: str, consented: bool) -> str | None:
    """The summary as a short anonymised quote, cut at a word; None without consent."""
    if not consented:
        return None
    text = _CONTACT.sub("[removed]", " ".join(summary.split()))
    if len(text) <= QUOTE_LENGTH:
        return text
    cut = text[:QUOTE_LENGTH + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:QUOTE_LENGTH]
    return cut.rstrip(" ,;:.-") + "…"


def public_link(row: dict[str, Any], number: int | None = None) -> dict[str, Any]:
    """A link as the pages show it: never the raw summary, never any id of a person."""
    return {"number": number, "influence": row["influence"], "explanation": row["explanation"],
            "quote": public_quote(row["summary"], row["quote_anonymously"]),
            "participation_level": row["participation_level"],
            "engagement_method": row["engagement_method"]}


def home(engine: Engine, *, today: date | None = None) -> dict[str, Any]:
    """Every programme with its headline figures, and every board."""
    with engine.connect() as connection:
        shown = _programmes(connection)
        boards = public_sql.all_boards(connection)
    figures = {row["programme"]: row["inputs"] for row in figures_by_programme(engine, today=today)}
    # a programme only boards or decisions name has had no input: nothing received, nothing overdue
    nothing = {"received": 0, "closed_loop_rate": None, "overdue": 0}
    return {"programmes": [{**p, **figures.get(p["name"], nothing)} for p in shown], "boards": boards}


def _programmes(connection: Any) -> list[dict[str, Any]]:
    """The registered programmes, and any name in use that is not one (input or a decision from
    before programmes were registered), so no input drops out of the figures unseen."""
    registered = public_sql.registered_programmes(connection)
    known = {p["name"] for p in registered}
    stray = [{"name": name, "slug": programme_slug(name), "description": "", "status": None}
             for name in public_sql.programme_names(connection) if name not in known]
    return sorted(registered + stray, key=lambda p: p["name"])


def programme_page(engine: Engine, slug: str, *, after: tuple[Any, ...] | None = None,
                   today: date | None = None) -> dict[str, Any]:
    with engine.connect() as connection:
        programme = next((p for p in _programmes(connection) if p["slug"] == slug), None)
        if programme is None:
            raise NotFound("No such programme.")
        decisions = _decision_list(connection, after, programme=programme["name"])
    flt = ReportFilter(programme=programme["name"])
    return {"name": programme["name"], "slug": slug, "description": programme["description"],
            "status": programme["status"], "decisions": decisions,
            "figures": accountability_report(engine, flt, today=today),
            "by_month": closed_loop_by_month(engine, flt)}


def board_page(engine: Engine, slug: str, *, after: tuple[Any, ...] | None = None,
               today: date | None = None) -> dict[str, Any]:
    with engine.connect() as connection:
        board = public_sql.board_by_slug(connection, slug)
        if board is None:
            raise NotFound("No such board.")
        decisions = _decision_list(connection, after, board_id=board["board_id"])
        answers = public_sql.answer_counts(connection, board_id=board["board_id"])
    flt = ReportFilter(board_id=board["board_id"])
    return {"board": board, "decisions": decisions,
            "answers": shown_counts(answers.get(board["board_id"], {})),
            "figures": accountability_report(engine, flt, today=today),
            "by_month": closed_loop_by_month(engine, flt),
            "published_by_month": decisions_published_by_month(engine, board["board_id"]),
            "overdue_bands": overdue_by_age_band(engine, board["board_id"], today=today)}


def _decision_list(connection: Connection, after: tuple[Any, ...] | None, **where: str) -> dict[str, Any]:
    """A page of published decisions with a few of their links, counts and timelines."""
    rows = public_sql.published_decisions(connection, after=after, limit=DECISIONS_PER_PAGE + 1,
                                          **where)
    page, more = rows[:DECISIONS_PER_PAGE], len(rows) > DECISIONS_PER_PAGE
    ids = [row["decision_id"] for row in page]
    links: dict[str, list[dict[str, Any]]] = {}
    for row in public_sql.current_links(connection, ids, LINKS_PER_DECISION):
        links.setdefault(row["decision_id"], []).append(public_link(row))
    counts = public_sql.influence_counts(connection, ids)
    timelines = public_sql.timelines(connection, ids)
    levels = public_sql.cited_levels(connection, ids)
    answers = public_sql.answer_counts(connection, decision_ids=ids)
    items = [{**row, "links": links.get(row["decision_id"], []),
              "answers": shown_counts(answers.get(row["decision_id"], {})),
              "unbacked_co_production": unbacked_co_production(
                  [row["title"], row["summary"], row["rationale"]], levels.get(row["decision_id"], set())),
              "influence_counts": counts.get(row["decision_id"], {}),
              "cited": sum(counts.get(row["decision_id"], {}).values()),
              "timeline": timelines.get(row["decision_id"], [])} for row in page]
    last = page[-1] if more else None
    return {"items": items, "next": (last["decided_on"], last["decision_id"]) if last else None}


def decision_page(engine: Engine, decision_id: str) -> dict[str, Any]:
    with engine.connect() as connection:
        rows = public_sql.published_decisions(connection, decision_id=decision_id)
        if not rows:
            raise NotFound("No such decision.")  # drafts are never public
        revisions = public_sql.revisions(connection, decision_id)
        links = public_sql.current_links(connection, [decision_id])
        timeline = public_sql.timelines(connection, [decision_id]).get(decision_id, [])
        answers = public_sql.answer_counts(connection, decision_ids=[decision_id])
    numbers = input_numbers(revisions)
    row = rows[0]
    return {**row, "timeline": timeline, "answers": shown_counts(answers.get(decision_id, {})),
            "unbacked_co_production": unbacked_co_production(
                [row["title"], row["summary"], row["rationale"]],
                {link["participation_level"] for link in links}),
            "links": with_bulk_counts([public_link(row, numbers.get(row["input_id"])) for row in links]),
            "revisions": revision_changes(revisions, numbers)}


def with_bulk_counts(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mark each link whose explanation was given, word for word, to more than BULK_EXPLANATION
    inputs: the page says it was one explanation for N inputs, not N answers."""
    shared = Counter((link["influence"], link["explanation"]) for link in links)
    return [{**link, "shared_by": n if (n := shared[(link["influence"], link["explanation"])])
             > BULK_EXPLANATION else None} for link in links]


def input_numbers(revisions: list[dict[str, Any]]) -> dict[str, int]:
    """A stable plain label per cited input: numbered in the order they were first cited."""
    numbers: dict[str, int] = {}
    for revision in revisions:
        for input_id in sorted(revision["links"]):
            numbers.setdefault(input_id, len(numbers) + 1)
    return numbers


def revision_changes(revisions: list[dict[str, Any]], numbers: dict[str, int]) -> list[dict[str, Any]]:
    """Each revision with what it added, removed and changed since the one before."""
    described: list[dict[str, Any]] = []
    previous: dict[str, dict[str, Any]] = {}
    for revision in revisions:
        current = revision["links"]
        changed = [{"number": numbers[i], "old": public_link(previous[i]),
                    "new": public_link(current[i], numbers[i])}
                   for i in sorted(set(current) & set(previous), key=numbers.__getitem__)
                   if (current[i]["influence"], current[i]["explanation"])
                   != (previous[i]["influence"], previous[i]["explanation"])]
        described.append({
            "revision": revision["revision"], "reason": revision["reason"],
            "created_at": revision["created_at"],
            # the wording it corrected: {field, before, after}, as the revision recorded it
            "corrections": list(revision.get("corrections") or ()),
            "added": [public_link(current[i], numbers[i])
                      for i in sorted(set(current) - set(previous), key=numbers.__getitem__)],
            "removed": [public_link(previous[i], numbers[i])
                        for i in sorted(set(previous) - set(current), key=numbers.__getitem__)],
            "changed": changed})
        previous = current
    return described


def exported_decisions(engine: Engine) -> Iterator[dict[str, Any]]:
    """Every published decision, in batches each read in its own short transaction."""
    after = None
    while True:
        with engine.connect() as connection:
            rows = public_sql.export_decisions(connection, after, EXPORT_BATCH)
            ids = [row["decision_id"] for row in rows]
            counts = public_sql.influence_counts(connection, ids)
            timelines = public_sql.timelines(connection, ids)
        for row in rows:
            timeline = timelines.get(row["decision_id"])
            latest = timeline[-1] if timeline else None
            yield {**row, "influence_counts": counts.get(row["decision_id"], {}),
                   "progress": latest}
        if len(rows) < EXPORT_BATCH:
            return
        after = rows[-1]["decision_id"]


def exported_links(engine: Engine) -> Iterator[dict[str, Any]]:
    """Every current public link of a published decision, with a quote only where consented."""
    after = None
    while True:
        with engine.connect() as connection:
            rows = public_sql.export_links(connection, after, EXPORT_BATCH)
        for row in rows:
            yield {**{k: row[k] for k in ("decision_id", "input_id", "board_id", "programme",
                                          "decided_on", "linked_at", "submitted_at")},
                   **public_link(row)}
        if len(rows) < EXPORT_BATCH:
            return
        after = (rows[-1]["decision_id"], rows[-1]["input_id"])
