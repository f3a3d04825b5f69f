"""Queries behind the public pages that are not figures: published decisions, their public links,
revisions and timelines, and the open-data exports. Public means: the decision is published and
the input is known and not withdrawn. Drafts and withdrawn input are never selected."""
from __future__ import annotations

from sqlalchemy import Connection, and_, case, func, select, tuple_, union

from services.decisions.adapters.orm import (
    board_programmes, boards, decision_links, programmes, decision_revisions, decisions, inputs, outcome_answers,
    progress_entries, revision_links,
)

INFLUENCE_ORDER = ("adopted", "adapted", "not_adopted", "noted")
DECISION_COLUMNS = (
    decisions.c.decision_id, decisions.c.board_id, boards.c.name.label("board_name"),
    boards.c.slug.label("board_slug"), decisions.c.programme, decisions.c.title,
    decisions.c.summary, decisions.c.rationale, decisions.c.decided_on, decisions.c.review_on,
    decisions.c.published_at, decisions.c.revision, decisions.c.no_input_considered)
INPUT_COLUMNS = (inputs.c.summary, inputs.c.quote_anonymously, inputs.c.participation_level,
                 inputs.c.engagement_method, inputs.c.submitted_at)
_PUBLISHED = decisions.c.status == "published"
_DECISIONS_WITH_BOARDS = decisions.join(boards, boards.c.board_id == decisions.c.board_id)


def _public_input(input_id_column):
    return and_(inputs.c.input_id == input_id_column, inputs.c.withdrawn_at.is_(None))


def _rows(connection: Connection, query) -> list[dict]:
    return [dict(r._mapping) for r in connection.execute(query)]


def registered_programmes(connection: Connection) -> list[dict]:
    """Every registered programme, by name: name, slug, description, status."""
    return _rows(connection, select(programmes.c.name, programmes.c.slug, programmes.c.description,
                                    programmes.c.status).order_by(programmes.c.name))


def programme_names(connection: Connection) -> list[str]:
    """Every programme a board covers, a decision was published in, or input was given to."""
    # a skip scan over the (programme, ...) index: one look-up per programme, not per input
    walk = select(func.min(inputs.c.programme).label("programme")).cte("walk", recursive=True)
    step = select(select(func.min(inputs.c.programme)).where(inputs.c.programme > walk.c.programme)
                  .scalar_subquery()).where(walk.c.programme.is_not(None))
    walk = walk.union_all(step)
    names = union(select(walk.c.programme).where(walk.c.programme.is_not(None)),
                  select(board_programmes.c.programme),
                  select(decisions.c.programme).where(_PUBLISHED)).subquery()
    return sorted(connection.execute(select(names.c.programme)).scalars())


def all_boards(connection: Connection) -> list[dict]:
    return _rows(connection, select(boards).order_by(boards.c.name, boards.c.slug))


def board_by_slug(connection: Connection, slug: str) -> dict | None:
    row = connection.execute(select(boards).where(boards.c.slug == slug)).first()
    if row is None:
        return None
    board = dict(row._mapping)
    board["programmes"] = list(connection.execute(
        select(board_programmes.c.programme).where(board_programmes.c.board_id == board["board_id"])
        .order_by(board_programmes.c.programme)).scalars())
    return board


def published_decisions(connection: Connection, *, programme: str | None = None,
                        board_id: str | None = None, decision_id: str | None = None,
                        after: tuple | None = None, limit: int | None = None) -> list[dict]:
    """Newest decided first; `after` is the (decided_on, decision_id) of the previous page's last."""
    query = select(*DECISION_COLUMNS).select_from(_DECISIONS_WITH_BOARDS).where(_PUBLISHED)
    for column, value in ((decisions.c.programme, programme), (decisions.c.board_id, board_id),
                          (decisions.c.decision_id, decision_id)):
        if value is not None:
            query = query.where(column == value)
    if after is not None:
        query = query.where(tuple_(decisions.c.decided_on, decisions.c.decision_id) < tuple_(*after))
    query = query.order_by(decisions.c.decided_on.desc(), decisions.c.decision_id.desc())
    return _rows(connection, query if limit is None else query.limit(limit))


def current_links(connection: Connection, decision_ids: list[str],
                  per_decision: int | None = None) -> list[dict]:
    """The decisions' current public links, adopted first, at most `per_decision` each."""
    rank = case({name: i for i, name in enumerate(INFLUENCE_ORDER)}, value=decision_links.c.influence)
    number = func.row_number().over(partition_by=decision_links.c.decision_id,
                                    order_by=(rank, decision_links.c.input_id)).label("number")
    ranked = (select(decision_links.c.decision_id, decision_links.c.input_id,
                     decision_links.c.influence, decision_links.c.explanation,
                     decision_links.c.linked_at, *INPUT_COLUMNS, number)
              .select_from(decision_links).join(inputs, _public_input(decision_links.c.input_id))
              .where(decision_links.c.decision_id.in_(decision_ids)).subquery())
    query = select(ranked).order_by(ranked.c.decision_id, ranked.c.number)
    if per_decision is not None:
        query = query.where(ranked.c.number <= per_decision)
    return _rows(connection, query)


def influence_counts(connection: Connection, decision_ids: list[str]) -> dict[str, dict[str, int]]:
    """decision_id -> influence -> number of public links."""
    counts: dict[str, dict[str, int]] = {}
    for r in connection.execute(
            select(decision_links.c.decision_id, decision_links.c.influence, func.count())
            .select_from(decision_links).join(inputs, _public_input(decision_links.c.input_id))
            .where(decision_links.c.decision_id.in_(decision_ids))
            .group_by(decision_links.c.decision_id, decision_links.c.influence)):
        counts.setdefault(r[0], {})[r[1]] = r[2]
    return counts


def cited_levels(connection: Connection, decision_ids: list[str]) -> dict[str, set[str]]:
    """decision_id -> the participation levels of the public input it cites."""
    levels: dict[str, set[str]] = {}
    for r in connection.execute(
            select(decision_links.c.decision_id, inputs.c.participation_level).distinct()
            .select_from(decision_links).join(inputs, _public_input(decision_links.c.input_id))
            .where(decision_links.c.decision_id.in_(decision_ids))):
        levels.setdefault(r[0], set()).add(r[1])
    return levels


def timelines(connection: Connection, decision_ids: list[str]) -> dict[str, list[dict]]:
    entries: dict[str, list[dict]] = {}
    for row in _rows(connection, select(progress_entries).where(
            progress_entries.c.decision_id.in_(decision_ids))
            .order_by(progress_entries.c.decision_id, progress_entries.c.sequence)):
        entries.setdefault(row["decision_id"], []).append(row)
    return entries


def revisions(connection: Connection, decision_id: str) -> list[dict]:
    """Every revision, oldest first, each with its public links (input_id -> link)."""
    links: dict[int, dict[str, dict]] = {}
    for row in _rows(connection, select(revision_links, *INPUT_COLUMNS).select_from(revision_links)
                     .join(inputs, _public_input(revision_links.c.input_id))
                     .where(revision_links.c.decision_id == decision_id)):
        links.setdefault(row["revision"], {})[row["input_id"]] = row
    rows = _rows(connection, select(decision_revisions).where(
        decision_revisions.c.decision_id == decision_id).order_by(decision_revisions.c.revision))
    return [{**row, "links": links.get(row["revision"], {})} for row in rows]


def export_decisions(connection: Connection, after_id: str | None, limit: int) -> list[dict]:
    """A page of published decisions in decision_id order, for the open-data files."""
    query = select(*DECISION_COLUMNS).select_from(_DECISIONS_WITH_BOARDS).where(_PUBLISHED)
    if after_id is not None:
        query = query.where(decisions.c.decision_id > after_id)
    return _rows(connection, query.order_by(decisions.c.decision_id).limit(limit))


def export_links(connection: Connection, after: tuple | None, limit: int) -> list[dict]:
    """A page of the current public links of published decisions, in (decision, input) order."""
    query = (select(decision_links.c.decision_id, decision_links.c.input_id, decisions.c.board_id,
                    decisions.c.programme, decisions.c.decided_on, decision_links.c.linked_at,
                    decision_links.c.influence, decision_links.c.explanation, *INPUT_COLUMNS)
             .select_from(decision_links)
             .join(decisions, and_(decisions.c.decision_id == decision_links.c.decision_id,
                                   _PUBLISHED))
             .join(inputs, _public_input(decision_links.c.input_id)))
    if after is not None:  # row comparison: the primary key's index finds the page at once;
        # the bound on decisions lets the join start there too instead of at the first decision
        query = query.where(tuple_(decision_links.c.decision_id, decision_links.c.input_id)
                            > tuple_(*after), decisions.c.decision_id >= after[0])
    return _rows(connection, query.order_by(decision_links.c.decision_id,
                                            decision_links.c.input_id).limit(limit))


def answer_counts(connection: Connection, *, decision_ids: list[str] | None = None,
                  board_id: str | None = None) -> dict[str, dict[str, int]]:
    """decision_id (or the board id, for a board's total) -> answer -> count, for published
    decisions only."""
    key = outcome_answers.c.board_id if board_id is not None else outcome_answers.c.decision_id
    query = (select(key, outcome_answers.c.answer, func.count())
             .join(decisions, decisions.c.decision_id == outcome_answers.c.decision_id)
             .where(decisions.c.status == "published").group_by(key, outcome_answers.c.answer))
    if board_id is not None:
        query = query.where(outcome_answers.c.board_id == board_id)
    else:
        query = query.where(outcome_answers.c.decision_id.in_(decision_ids or []))
    counts: dict[str, dict[str, int]] = {}
    for r in connection.execute(query):
        counts.setdefault(r[0], {})[r[1]] = r[2]
    return counts
