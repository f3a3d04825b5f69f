"""The open-data files: they parse, describe published decisions and their current public links
only, and hold no id of a person or partner, no contact detail and no unconsented input text."""
from __future__ import annotations

import csv
import io
import json

from markupsafe import escape

from services.decisions.service_layer.open_data import DECISION_FIELDS, LINK_FIELDS
from services.decisions.service_layer import public_pages
from services.decisions.service_layer.decisions import record_decision
from services.decisions.service_layer.publishing import publish_decision
from tests.integration.site import dataset as d
from tests.integration.site.conftest import page_text

FILES = ("decisions.csv", "decisions.json", "links.csv", "links.json")


def download(client, name: str):
    response = client.get(f"/data/{name}")
    assert response.status_code == 200, name
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    body = response.get_data(as_text=True)
    if name.endswith(".csv"):
        assert response.mimetype == "text/csv"
        return list(csv.DictReader(io.StringIO(body))), body
    assert response.mimetype == "application/json"
    return json.loads(body)[name.split(".")[0]], body


def test_the_files_hold_published_decisions_and_public_links_only(client, record):
    files = {name: download(client, name) for name in FILES}
    for name, (_rows, body) in files.items():
        for secret in (d.NOT_QUOTED, d.WITHDRAWN, d.WITHDRAWN_EXPLANATION, "Draft-secret",
                       "Draft-explanation-secret", "Body of", "@example.org", "07700",
                       record.partner_id, record.draft_id, record.inputs["withdrawn"],
                       *record.contributor_ids):
            assert secret not in body, (name, secret)

    decisions, _ = files["decisions.csv"]
    assert list(decisions[0]) == [name for name, _ in DECISION_FIELDS]
    assert {row["decision_id"] for row in decisions} == {record.decision_id, record.quiet_id}
    cafe = next(row for row in decisions if row["decision_id"] == record.decision_id)
    assert (cafe["revision"], cafe["inputs_cited"], cafe["adopted"], cafe["adapted"],
            cafe["noted"], cafe["not_adopted"]) == ("2", "4", "1", "2", "1", "0")
    assert cafe["decided_on"] == "2026-03-14" and cafe["progress_status"] == "in_progress"
    assert cafe["url"] == f"{d.BASE_URL}/decisions/{record.decision_id}"
    typed = next(row for row in files["decisions.json"][0] if row["decision_id"] == record.decision_id)
    assert {**typed, **{k: cafe[k] for k in ("revision", "inputs_cited", "adopted", "adapted",
                                             "not_adopted", "noted", "progress_percent")},
            "no_input_considered": "false"} == cafe
    assert (typed["revision"], typed["no_input_considered"], typed["progress_percent"]) == (2, False, 40)

    links, _ = files["links.csv"]
    assert list(links[0]) == [name for name, _ in LINK_FIELDS]
    by_input = {row["input_id"]: row for row in links}
    ids = record.inputs
    assert set(by_input) == {ids["quoted"], ids["not_quoted"], ids["long"], ids["contact"]}
    assert by_input[ids["quoted"]]["quote"] == d.QUOTED
    assert by_input[ids["not_quoted"]]["quote"] == ""
    assert by_input[ids["quoted"]]["cited_on"] == "2026-03-16"
    json_links = {row["input_id"]: row for row in files["links.json"][0]}
    assert json_links[ids["not_quoted"]]["quote"] is None
    assert {k: v["influence"] for k, v in json_links.items()} == {
        k: v["influence"] for k, v in by_input.items()}


def test_csv_cells_that_look_like_formulas_are_kept_as_text(client, runtime, record):
    with runtime.uow_factory() as uow:
        decision = record_decision(uow, record.board_id, programme=record.programme,
                                   title="=HYPERLINK(1)", summary="-5 beds, +3 chairs",
                                   rationale="@once", decided_on=d.DECIDED.date(), now=d.DECIDED)
    with runtime.uow_factory() as uow:
        publish_decision(uow, record.board_id, decision.decision_id, no_input_considered=True,
                         public_base_url=d.BASE_URL, now=d.DECIDED)

    row = next(r for r in download(client, "decisions.csv")[0]
               if r["decision_id"] == decision.decision_id)
    assert (row["title"], row["summary"], row["rationale"]) == (
        "'=HYPERLINK(1)", "'-5 beds, +3 chairs", "'@once")
    exact = next(r for r in download(client, "decisions.json")[0]
                 if r["decision_id"] == decision.decision_id)
    assert exact["title"] == "=HYPERLINK(1)"


def test_the_files_are_read_in_batches_without_gaps_or_repeats(client, record, monkeypatch):
    whole_links = download(client, "links.json")[0]
    whole_decisions = download(client, "decisions.json")[0]
    monkeypatch.setattr(public_pages, "EXPORT_BATCH", 1)

    assert download(client, "links.json")[0] == whole_links
    assert download(client, "decisions.json")[0] == whole_decisions


def test_the_data_page_describes_every_column_of_every_file(client, record):
    html = page_text(client, "/data")
    for name in FILES:
        assert f'href="/data/{name}"' in html
    for field, meaning in DECISION_FIELDS + LINK_FIELDS:
        assert f"<code>{field}</code>" in html and str(escape(meaning)) in html
