"""The figures on the pages, hand-computed for dataset.py's record. Five inputs count (the
withdrawn one never does): submitted 40, 30, 10, 8 and 5 days before the decision; four got their
outcome 2 hours after it, the fifth 2 days after it (cited by revision 2). No email was sent; the
partner told one contributor in person 10.1 days after they gave their input, which closes that
loop; the anonymous input has nobody to tell and is never counted as closed: 1 of 4."""
from __future__ import annotations

from services.decisions.domain.slugs import programme_slug
from services.decisions.service_layer.boards import register_board
from tests.integration.site.conftest import page_text
from tests.support.programmes import programme_ids


def row(label: str, *cells: str) -> str:
    return f'<th scope="row">{label}</th>' + "".join(f"<td>{cell}</td>" for cell in cells)


def assert_headline_figures(html: str) -> None:
    for number in ("5", "25%", "0"):
        assert f'<dd class="number">{number}</dd>' in html, number
    # days to outcome 7.0, 8.1, 10.1, 30.1, 40.1: median 10.1, 90th percentile 30.1 + 0.6 * 10
    assert '<dd class="number">10.1 days</dd>' in html
    assert "9 in 10 got one within 36.1 days." in html
    assert "9 in 10 within 10.1 days." in html  # one closed loop: both percentiles are it
    words = " ".join(html.split())
    assert "1 of 4 people who could be told were told the outcome" in words
    assert "0 did not want to hear about outcomes and 1 were given anonymously" in words
    assert '<dd class="number">0 sent</dd>' in html


def assert_figure_tables(html: str) -> None:
    assert row("February 2026", "2", "0", "0%") in html
    assert row("March 2026", "3", "1", "50%") in html  # the anonymous one is left out of the rate
    assert row("Adopted", "1", "25%") in html and row("Adapted", "2", "50%") in html
    assert row("Not adopted", "0", "0%") in html and row("Noted", "1", "25%") in html
    assert row("Co-production", "1", "20%", "1", "33.3%") in html
    assert row("Engagement", "1", "20%", "0", "0%") in html  # the withdrawn one was engagement too
    assert row("Co-design", "1", "20%", "0", "0%") in html


def test_the_home_page_gives_each_programme_its_rate_and_overdue_count(client, runtime, record):
    covered = programme_ids(runtime.uow_factory, "Quiet programme")
    with runtime.uow_factory() as uow:  # a programme a board covers, with no input yet
        register_board(uow, name="Quiet Board", organisation="Southvale Council",
                       outcome_due_days=60, programmes=covered)
    html = page_text(client, "/")
    link = f'<a href="/programmes/{programme_slug(record.programme)}">{record.programme}</a>'
    assert row(link, "5", "25%", "0") in html
    assert row('<a href="/programmes/quiet-programme">Quiet programme</a>', "0", "no input yet",
               "0") in html


def test_the_programme_page_shows_the_programmes_figures_and_charts(client, record):
    html = page_text(client, f"/programmes/{programme_slug(record.programme)}")
    assert_headline_figures(html)
    assert_figure_tables(html)
    assert html.count('role="img"') == 3
    board = f'<a href="/boards/{record.board_slug}">'
    assert html.split(board)[1].split("</tr>")[0].endswith(
        "<td>5</td><td>25%</td><td>0</td><td>10.1 days</td>"), "the row for the board"


def test_the_board_scorecard_adds_overdue_bands_and_decisions_per_month(client, record):
    html = page_text(client, f"/boards/{record.board_slug}")
    assert_headline_figures(html)
    assert_figure_tables(html)
    assert row("Up to 30 days overdue", "0") in html
    assert row("January 2026", "1") in html and row("March 2026", "1") in html
    assert row("Northtown Peer Support", "5", "25%", "0") in html
    assert html.count('role="img"') == 5


def test_the_home_page_reuses_its_figures_for_a_while(runtime, record):
    from services.decisions.entrypoints.api import create_app
    from tests.integration.site import dataset

    cached = create_app(runtime=runtime).test_client()
    fresh = create_app(runtime=runtime, config={"SITE_HOME_SECONDS": 0}).test_client()
    assert record.programme in page_text(cached, "/")
    later = dataset.build(runtime)

    assert later.programme not in page_text(cached, "/")
    assert later.programme in page_text(fresh, "/")
