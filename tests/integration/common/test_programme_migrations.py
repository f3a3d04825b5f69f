"""The free-text programmes in use become registered programmes, with the same ids in decisions
and intake, and decisions announces each through its outbox."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import insert, select

from services.common.cli import catalogue
from services.common.db import migrations
from services.common.db.engine import make_engine
from services.common.db.shared_migration import legacy_programme_id
from services.decisions.adapters import orm as decisions_orm
from services.intake.adapters import orm as intake_orm

NOW = datetime(2026, 11, 1, tzinfo=UTC)
CRISIS, YOUNG = "Crisis care 2026", "Young people's mental health"
SOME, EVERY = "0a1b2c3d-0000-4000-8000-000000000001", "0a1b2c3d-0000-4000-8000-000000000002"


def test_decisions_turns_the_names_in_use_into_programmes_and_announces_them(database_url):
    where = catalogue.migrations_dir("decisions")
    migrations.upgrade(where, database_url, "e4a1c7d2b9f0")  # the head before programmes
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            for board_id, slug in ((SOME, "some"), (EVERY, "every")):
                conn.execute(insert(decisions_orm.boards).values(
                    board_id=board_id, name=slug, slug=slug, organisation="ICB", outcome_due_days=30,
                    created_at=NOW))
            conn.execute(insert(decisions_orm.board_programmes).values(board_id=SOME, programme=CRISIS))
            conn.execute(insert(decisions_orm.decisions).values(
                decision_id="d-1", board_id=SOME, programme=YOUNG, title="T", summary="S",
                rationale="R", decided_on=date(2026, 10, 1), status="draft", no_input_considered=False,
                revision=0, created_at=NOW))
        migrations.upgrade(where, database_url)
        with engine.connect() as conn:
            rows = conn.execute(select(decisions_orm.programmes)).mappings().all()
            covered = {tuple(row) for row in conn.execute(select(decisions_orm.board_programmes))}
            outbox = conn.execute(select(decisions_orm.metadata.tables["outbox"])).mappings().all()
    finally:
        engine.dispose()
    assert {(r["name"], r["programme_id"], r["slug"], r["status"]) for r in rows} == {
        (CRISIS, legacy_programme_id(CRISIS), "crisis-care-2026", "open"),
        (YOUNG, legacy_programme_id(YOUNG), "young-people-s-mental-health", "open")}
    # the board that covered every programme now covers each one by name
    assert covered == {(SOME, CRISIS), (EVERY, CRISIS), (EVERY, YOUNG)}
    announced = {row["message_key"]: json.loads(row["value"])["payload"] for row in outbox
                 if row["topic"] == "decisions.programmes.v1"}
    assert announced[legacy_programme_id(CRISIS)]["board_ids"] == [SOME, EVERY]
    assert announced[legacy_programme_id(YOUNG)]["board_ids"] == [EVERY]


def test_intake_knows_the_programmes_its_input_names_by_the_same_ids(database_url):
    where = catalogue.migrations_dir("intake")
    migrations.upgrade(where, database_url, "5d2e8f1a9c3b")  # the head before programmes
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(intake_orm.partners).values(
                partner_id="p-1", name="Peer support", contact_email="office@example.org", created_at=NOW))
            for n in range(3):
                conn.execute(insert(intake_orm.inputs).values(
                    input_id=f"i-{n}", partner_id="p-1", programme=CRISIS, summary="S",
                    engagement_method="story", participation_level="consultation",
                    gathered_on=date(2026, 10, 1), submitted_at=NOW, status="received"))
        migrations.upgrade(where, database_url)
        with engine.connect() as conn:
            rows = conn.execute(select(intake_orm.programmes)).mappings().all()
    finally:
        engine.dispose()
    assert [(r["programme_id"], r["name"], r["status"]) for r in rows] == [
        (legacy_programme_id(CRISIS), CRISIS, "open")]
    assert rows[0]["updated_at"] < NOW  # decisions' announcement of it replaces it
