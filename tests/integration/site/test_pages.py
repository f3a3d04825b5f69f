"""What each public page says: published decisions with dates, influence in words, explanations,
timelines and every revision; drafts and unknown addresses answer 404 in the site's own style."""
from __future__ import annotations

import uuid

from services.decisions.domain.slugs import programme_slug
from tests.integration.site import dataset as d
from tests.integration.site.conftest import page_text


def test_the_programme_page_shows_each_published_decision_and_how_input_was_used(client, record):
    html = page_text(client, f"/programmes/{programme_slug(record.programme)}")

    for text in ("Open a night crisis café", "14 March 2026", "A café open 8pm to 8am",
                 "People told us A&amp;E is the wrong place at 3am.", "Staff are being trained.",
                 "19 March 2026: In progress", "Adapted: we did part of it, or did it differently",
                 "Adopted: we did what you asked", "The café opens four nights a week, not seven.",
                 "Phone numbers will be on every poster.", "Renew the cleaning contract",
                 "5 January 2026", "considered no input"):
        assert text in html, text
    assert html.index("Open a night crisis café") < html.index("Renew the cleaning contract"), \
        "newest decision first"


def test_the_decision_page_shows_every_revision_and_what_changed(client, record):
    html = page_text(client, f"/decisions/{record.decision_id}")

    assert "Revision 1, 14 March 2026: first published" in html
    assert "Revision 2, 16 March 2026" in html
    assert "Staffing money came through." in html
    assert "was Adopted, now Adapted." in html
    assert "Before: You asked for somewhere to go at night: the café is it." in html
    assert "Input added:" in html and "Phone numbers will be on every poster." in html
    assert "No longer cited:" in html and "which was Noted" in html
    assert "The board will review it on 14 March 2027." in html
    assert "Not adopted" not in html, "the only not-adopted claim was on withdrawn input"


def test_a_quote_is_short_anonymised_and_only_there_with_consent(client, record):
    html = page_text(client, f"/decisions/{record.decision_id}")

    assert d.QUOTED.replace("&", "&amp;") in html
    assert "Quote-contact: ring me on [removed] or write to [removed] please." in html
    assert "07700" not in html and "jo.bloggs" not in html
    long_quote = html.split("Quote-long:")[1].split("</p>")[0]
    assert long_quote.endswith("…") and len("Quote-long:" + long_quote) <= 201
    assert "(Not quoted: the person did not agree to be quoted.)" in html
    assert d.NOT_QUOTED not in html


def test_when_a_contributor_withdraws_consent_their_quote_goes(client, runtime, record):
    contributor = record.contributor_ids[0]  # gave the quoted input
    with runtime.uow_factory() as uow:
        uow.inputs.record_consent(contributor, False, d.DECIDED.replace(year=2030))
        uow.commit()

    html = page_text(client, f"/decisions/{record.decision_id}")
    assert "Quote-ok" not in html
    assert html.count("(Not quoted: the person did not agree to be quoted.)") == 2


def test_drafts_and_unknown_addresses_are_404_pages_in_the_site_style(client, record):
    for path in (f"/decisions/{record.draft_id}", f"/decisions/{uuid.uuid4()}", "/decisions/x",
                 "/programmes/no-such-programme", "/boards/no-such-board", "/data/inputs.csv"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "text/html" and "Page not found" in response.get_data(True), path
    garbled = client.get(f"/programmes/{programme_slug(record.programme)}?after=%%%")
    assert garbled.status_code in (400, 422) and garbled.mimetype == "text/html"


def test_pages_run_no_script_and_load_nothing_from_elsewhere(client, record):
    paths = ["/", f"/programmes/{programme_slug(record.programme)}", f"/boards/{record.board_slug}",
             f"/decisions/{record.decision_id}", "/data", "/decisions/missing"]
    for path in paths:
        response = client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy, path
        html = response.get_data(as_text=True)
        assert "<script" not in html and "http://" not in html and "https://" not in html, path
    css = client.get("/assets/site.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert "url(http" not in css.get_data(as_text=True)


def test_decisions_are_listed_twenty_to_a_page_newest_first(client, runtime, record):
    from datetime import timedelta

    from services.decisions.service_layer.decisions import record_decision
    from services.decisions.service_layer.publishing import publish_decision

    from services.decisions.service_layer.boards import register_board
    from tests.support.programmes import programme_ids

    programme = f"Paging {uuid.uuid4().hex[:6]}"
    covered = programme_ids(runtime.uow_factory, programme)
    with runtime.uow_factory() as uow:  # a decision belongs to one of its board's programmes
        board_id = register_board(uow, name=f"Paging Board {programme}", organisation="ICB",
                                  outcome_due_days=30, programmes=covered).board_id
    for day in range(23):
        with runtime.uow_factory() as uow:
            decision = record_decision(uow, board_id, programme=programme,
                                       title=f"Decision number {day:02d}", summary="S.",
                                       rationale="R.", decided_on=d.DECIDED.date() - timedelta(day),
                                       now=d.DECIDED)
        with runtime.uow_factory() as uow:
            publish_decision(uow, board_id, decision.decision_id, no_input_considered=True,
                             public_base_url=d.BASE_URL, now=d.DECIDED)

    first = page_text(client, f"/programmes/{programme_slug(programme)}")
    shown = [n for n in range(23) if f"Decision number {n:02d}" in first]
    assert shown == list(range(20))
    older = first.split('class="pager"')[1].split('href="')[1].split('"')[0].replace("&amp;", "&")
    second = page_text(client, older)
    assert [n for n in range(23) if f"Decision number {n:02d}" in second] == [20, 21, 22]
    assert 'class="pager"' not in second
