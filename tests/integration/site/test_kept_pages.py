"""A public page kept while nothing it shows has changed is the page a new process renders:
every committed change to a table the pages read moves the figures generation on, and the page
after it equals the one rendered by an app that never saw the earlier one."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, insert, select, update

from services.decisions.adapters import orm
from services.decisions.entrypoints.api import create_app
from tests.integration.site import dataset
from tests.support.services import make_runtime

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def pages(client, record) -> dict[str, str]:
    paths = [f"/programmes/{_slug(record)}", f"/boards/{record.board_slug}",
             f"/decisions/{record.decision_id}"]
    out = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        out[path] = response.get_data(as_text=True)
    return out


def _slug(record) -> str:
    from services.decisions.domain.slugs import programme_slug
    return programme_slug(record.programme)


def generation(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(orm.figures_generation.c.generation)).scalar_one()


def fresh_pages(runtime, kafka_bootstrap, record) -> dict[str, str]:
    """The same pages from an app and engine of their own: nothing rendered before is reused."""
    url = runtime.engine.url.render_as_string(hide_password=False)
    other = make_runtime("decisions", url, kafka_bootstrap, HEARD_PUBLIC_BASE_URL=dataset.BASE_URL)
    try:
        return pages(create_app(runtime=other).test_client(), record)
    finally:
        other.engine.dispose()


def _answers(record):
    return [{"decision_id": record.decision_id, "contributor_id": str(uuid.uuid4()),
             "board_id": record.board_id, "answer": "yes", "answered_at": NOW} for _ in range(5)]


# one change to each table the pages read beyond the figures' own, each shown on some page
CHANGES = {
    "a programme's description": lambda c, r: c.execute(update(orm.programmes).where(
        orm.programmes.c.name == r.programme).values(description="Changed-description")),
    "a decision's title": lambda c, r: c.execute(update(orm.decisions).where(
        orm.decisions.c.decision_id == r.decision_id).values(title="Changed-title")),
    "a current link's explanation": lambda c, r: c.execute(update(orm.decision_links).where(
        orm.decision_links.c.decision_id == r.decision_id).values(explanation="Changed-explanation")),
    "a revision's reason": lambda c, r: c.execute(update(orm.decision_revisions).where(
        orm.decision_revisions.c.decision_id == r.decision_id,
        orm.decision_revisions.c.reason.is_not(None)).values(reason="Changed-reason")),
    "a revision's link": lambda c, r: c.execute(update(orm.revision_links).where(
        orm.revision_links.c.decision_id == r.decision_id,
        orm.revision_links.c.revision == 1).values(explanation="Changed-old-explanation")),
    "a progress note": lambda c, r: c.execute(update(orm.progress_entries).where(
        orm.progress_entries.c.decision_id == r.decision_id).values(note="Changed-note")),
    "contributors' answers": lambda c, r: c.execute(insert(orm.outcome_answers), _answers(r)),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_kept_page_after_a_change_is_the_page_rendered_afresh(runtime, kafka_bootstrap, change):
    record = dataset.build(runtime)
    client = create_app(runtime=runtime).test_client()
    before = pages(client, record)
    moved_from = generation(runtime.engine)
    with runtime.engine.begin() as connection:
        CHANGES[change](connection, record)
    assert generation(runtime.engine) > moved_from
    after = pages(client, record)
    assert after != before, "the change shows on no page, so it tests nothing"
    assert after == fresh_pages(runtime, kafka_bootstrap, record)


def test_an_unchanged_page_is_answered_with_one_query(runtime):
    record = dataset.build(runtime)
    client = create_app(runtime=runtime).test_client()
    first = pages(client, record)
    statements: list[str] = []
    event.listen(runtime.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_: statements.append(sql))
    assert pages(client, record) == first
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == len(first)


def test_within_its_window_a_process_serves_kept_pages_without_asking_the_database(runtime):
    """In service (HEARD_SITE_FRESH_MS, 100 ms by default) a kept page is served for that long
    without reading the generation; a change shows once the window has passed."""
    record = dataset.build(runtime)
    client = create_app(runtime=runtime, config={"SITE_FRESH_SECONDS": 3600}).test_client()
    first = pages(client, record)
    statements: list[str] = []
    event.listen(runtime.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_: statements.append(sql))
    with runtime.engine.begin() as connection:
        CHANGES["a decision's title"](connection, record)
    statements.clear()
    assert pages(client, record) == first  # the change is within the window: not yet shown
    assert statements == []
    client.application.config["SITE_FRESH_SECONDS"] = 0
    assert pages(client, record) != first
