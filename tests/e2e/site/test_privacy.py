"""What must never be public, checked on every page as the browser shows it and in every file
as it is downloaded: text of input whose contributor refused quotes, withdrawn input, drafts,
and any id of a person or partner organisation."""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.request

import pytest

from tests.e2e.site import record as r
from tests.e2e.site.test_pages import PAGE_TYPES, path_of

pytestmark = [pytest.mark.browser, pytest.mark.broker]
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
EXPORTS = ["decisions.csv", "decisions.json", "links.csv", "links.json"]


def never_public(rec: r.Record) -> list[str]:
    return [r.NOT_QUOTED, r.WITHDRAWN, r.WITHDRAWN_EXPLANATION, r.DRAFT_TITLE, rec.draft_id,
            rec.id_of("withdrawn"), "Private body text", *rec.private_ids]


def download(site, name: str) -> str:
    with urllib.request.urlopen(f"{site.url}/data/{name}", timeout=30) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def test_pages_show_nothing_private_with_or_without_javascript(site, browser):
    rec = site.record
    for page_type in PAGE_TYPES:
        status = 404 if page_type == "not-found" else 200
        for javascript in (True, False):
            page = browser.open(site.url + path_of(page_type, rec), javascript=javascript,
                                expect_status=status)
            html = page.content()
            leaked = [text for text in never_public(rec) if text in html]
            assert not leaked, f"{page_type} page shows {leaked}"
            assert not EMAIL.search(html), page_type


def test_the_quote_appears_only_where_the_contributor_consented(site, browser):
    page = browser.open(site.url + f"/decisions/{site.record.decision_id}")
    quotes = page.locator("blockquote").all_inner_texts()
    assert quotes == [r.QUOTED]
    assert page.get_by_text("Not quoted: the person did not agree to be quoted").count() == 1


def test_the_files_parse_and_hold_only_published_public_links(site):
    rec = site.record
    files = {name: download(site, name) for name in EXPORTS}
    for name, body in files.items():
        leaked = [text for text in never_public(rec) if text in body]
        assert not leaked, f"{name} holds {leaked}"
        assert not EMAIL.search(body), name

    decisions = list(csv.DictReader(io.StringIO(files["decisions.csv"])))
    as_json = json.loads(files["decisions.json"])["decisions"]
    mine = [row for row in decisions if row["board_id"] == rec.board_id]
    assert [row["decision_id"] for row in mine] == [rec.decision_id]
    assert mine[0]["revision"] == "2" and mine[0]["inputs_cited"] == "2"
    assert mine[0]["progress_status"] == "in_progress" and mine[0]["progress_percent"] == "40"
    assert [d for d in as_json if d["decision_id"] == rec.decision_id][0]["adapted"] == 2

    links = [row for row in csv.DictReader(io.StringIO(files["links.csv"]))
             if row["decision_id"] == rec.decision_id]
    by_input = {row["input_id"]: row for row in links}
    assert set(by_input) == {rec.id_of("quoted"), rec.id_of("not_quoted")}
    assert by_input[rec.id_of("quoted")]["quote"] == r.QUOTED
    assert by_input[rec.id_of("not_quoted")]["quote"] == ""
    json_links = [link for link in json.loads(files["links.json"])["links"]
                  if link["decision_id"] == rec.decision_id]
    assert {link["input_id"]: link["influence"] for link in json_links} == {
        rec.id_of("quoted"): "adapted", rec.id_of("not_quoted"): "adapted"}
    assert not {"contributor_id", "partner_id"} & set(json_links[0])
