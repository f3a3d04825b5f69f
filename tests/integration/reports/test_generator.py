"""The data generator at a tiny size: the report over its data adds up, the same on both kinds
of database, and it never writes into a database that already holds input."""
from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from services.common.db.engine import make_engine
from services.decisions.adapters import orm
from services.decisions.service_layer.reports import ReportFilter, accountability_report

ROOT = Path(__file__).resolve().parents[3]
TODAY = date(2027, 6, 30)
SIZE = ["--inputs", "500", "--decisions", "20", "--programmes", "4", "--boards", "3",
        "--partners", "5", "--seed", "3", "--chunk", "100", "--today", TODAY.isoformat()]


def generate(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_dataset.py"),
                           "--database-url", url, *SIZE], capture_output=True, text=True, timeout=120)


def test_the_report_over_generated_data_adds_up(database_url):
    done = generate(database_url)
    assert done.returncode == 0, done.stderr
    assert "inputs 500/500" in done.stdout and "rows/s" in done.stdout
    engine = make_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(orm.inputs)).scalar_one()
        claims = connection.execute(select(func.count()).select_from(orm.outcome_links)).scalar_one()
    report = accountability_report(engine, ReportFilter(), today=TODAY)
    figures = report["inputs"]
    assert figures["received"] + figures["withdrawn"] == stored == 500
    assert 0 < figures["closed_loop"] <= figures["with_outcome"] <= figures["received"]
    assert 0 < figures["overdue"] <= figures["received"] - figures["with_outcome"]
    assert sum(report["participation_received"].values()) == figures["received"]
    assert 0 < sum(report["participation_shaping"].values()) <= figures["with_outcome"]
    assert 0 < sum(report["influence_mix"].values()) <= claims  # current claims on received input
    assert 0 < sum(report["notifications"].values()) <= figures["with_outcome"]
    for wait in ("days_to_outcome", "days_to_closed_loop"):
        assert 0 < report[wait]["median"] <= report[wait]["p90"]
    # partners split the input; boards overlap but every programme has one
    assert sum(p["inputs"]["received"] for p in report["partners"]) == figures["received"]
    assert sum(b["inputs"]["received"] for b in report["boards"]) >= figures["received"]
    assert all(b["inputs"]["received"] <= figures["received"] for b in report["boards"])
    board = report["boards"][0]
    assert accountability_report(engine, ReportFilter(board_id=board["board_id"]),
                                 today=TODAY)["inputs"] == board["inputs"]
    again = generate(database_url)
    assert again.returncode == 2 and "already holds input" in again.stderr
    engine.dispose()


def test_the_same_seed_gives_the_same_report_on_sqlite_and_postgresql(sqlite_url, postgres_admin_url):
    from services.common.devstack.postgres import create_database, drop_database

    name = f"heard_test_{uuid.uuid4().hex[:12]}"
    postgres_url = create_database(postgres_admin_url, name)
    try:
        reports = []
        for url in (sqlite_url, postgres_url):
            assert generate(url).returncode == 0
            engine = make_engine(url)
            reports.append(accountability_report(engine, ReportFilter(), today=TODAY))
            engine.dispose()
        assert reports[0] == reports[1]
    finally:
        drop_database(postgres_admin_url, name)
