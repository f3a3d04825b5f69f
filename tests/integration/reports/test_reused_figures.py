"""Figures reused while nothing they read has changed are the figures a new computation gives:
every change to a table they read, committed, moves the figures generation on, and a report after
it equals the same report computed by a process that never saw the earlier one."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import delete, event, insert, select, update

from services.common.db.engine import make_engine
from services.decisions.adapters import orm
from services.decisions.service_layer.reports import (
    ReportFilter, accountability_report, closed_loop_by_month, decisions_published_by_month,
    figures_by_programme, overdue_by_age_band,
)
from tests.integration.reports.dataset import (
    BOARD, CARERS, CRISIS, DECISION, INPUT, PARTNER_A, TODAY, at,
)

FILTERS = [ReportFilter(), ReportFilter(programme=CRISIS), ReportFilter(board_id=BOARD["B2"]),
           ReportFilter(partner_id=PARTNER_A), ReportFilter(date_from=TODAY - timedelta(days=150))]


def everything(engine) -> list:
    """Every figure the public pages and the report API read, for the test's filters."""
    return ([accountability_report(engine, flt, today=TODAY) for flt in FILTERS]
            + [closed_loop_by_month(engine, flt) for flt in FILTERS]
            + [figures_by_programme(engine, today=TODAY),
               decisions_published_by_month(engine, BOARD["B1"]),
               overdue_by_age_band(engine, BOARD["B2"], today=TODAY)])


def generation(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(orm.figures_generation.c.generation)).scalar_one()


def fresh(engine) -> list:
    """The same figures from an engine of their own: nothing computed before is reused."""
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        return everything(other)
    finally:
        other.dispose()


CHANGES = {
    "an outcome for awaiting input": lambda c: c.execute(update(orm.inputs).where(
        orm.inputs.c.input_id == INPUT["i6"]).values(first_outcome_published_at=at("2027-06-01"))),
    "a withdrawal": lambda c: c.execute(update(orm.inputs).where(
        orm.inputs.c.input_id == INPUT["i10"]).values(withdrawn_at=at("2027-06-02"))),
    "a claim's influence": lambda c: c.execute(update(orm.outcome_links).where(
        orm.outcome_links.c.input_id == INPUT["i4"]).values(influence="noted")),
    "a notification sent": lambda c: c.execute(insert(orm.notification_inputs).values(
        notification_id=DECISION["D3"], status="sent", input_id=INPUT["i3"], at=at("2027-06-03"))),
    "a board's time to answer": lambda c: c.execute(update(orm.boards).where(
        orm.boards.c.board_id == BOARD["B2"]).values(outcome_due_days=10)),
    "a board's programmes": lambda c: c.execute(delete(orm.board_programmes).where(
        orm.board_programmes.c.board_id == BOARD["B2"], orm.board_programmes.c.programme == CARERS)),
    "a partner's name": lambda c: c.execute(update(orm.partners).where(
        orm.partners.c.partner_id == PARTNER_A).values(name="Northtown Peers")),
    "an outcome published": lambda c: c.execute(update(orm.outcomes).where(
        orm.outcomes.c.decision_id == DECISION["D5"]).values(published_at=at("2027-04-18"))),
    "a notification's board": lambda c: c.execute(update(orm.notification_outcomes).where(
        orm.notification_outcomes.c.notification_id == str(uuid.uuid5(uuid.NAMESPACE_URL, "N3")))
        .values(board_id=BOARD["B1"])),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_figures_after_a_change_are_those_computed_afresh(engine, change):
    before = everything(engine)
    assert everything(engine) == before
    moved_from = generation(engine)
    with engine.begin() as connection:
        CHANGES[change](connection)
    assert generation(engine) > moved_from
    after = everything(engine)
    assert after != before  # every change above shows in some figure
    assert after == fresh(engine)


def test_a_change_rolled_back_leaves_the_generation_and_the_figures(engine):
    before, moved_from = everything(engine), generation(engine)
    with engine.connect() as connection, connection.begin() as transaction:
        CHANGES["a withdrawal"](connection)
        transaction.rollback()
    assert generation(engine) == moved_from
    assert everything(engine) == before == fresh(engine)


def test_unchanged_figures_are_read_again_with_one_query(engine):
    everything(engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    again = everything(engine)
    queries = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 13  # one per call in everything(): the generation, nothing else
    assert all("figures_generation" in q for q in queries)
    assert again == fresh(engine)


def test_changing_a_report_it_was_given_changes_nothing_stored(engine):
    first = accountability_report(engine, ReportFilter(), today=TODAY)
    expected = fresh(engine)[0]
    first["inputs"]["received"] = -1
    first["partners"].clear()
    assert accountability_report(engine, ReportFilter(), today=TODAY) == expected
