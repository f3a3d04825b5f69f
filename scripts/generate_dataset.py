"""Build a large, realistic data set directly in a decisions database, for the report benchmark.

    .venv/bin/python scripts/generate_dataset.py --database-url postgresql+psycopg://... \\
        --inputs 1000000 --decisions 10000 --programmes 20 --boards 10 --partners 50 --seed 1

The database is migrated first and must hold no input yet. Rows go straight into the tables the
decisions service keeps (boards, decisions, revisions, links, progress, and the read model of
input, outcomes and notification outcomes), consistent with the rules the service itself follows:
first_outcome_published_at is the earliest publication citing the input, closed_at the earliest
sent notification, not_wanted_at the earliest suppression for no consent (anonymous input is
never closed). PostgreSQL is loaded
with COPY, SQLite with executemany, in chunks, printing rows per second as it goes. The same seed
and --today give the same data."""
from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import bindparam, func, insert, select, text, update

from services.common.cli import catalogue
from services.common.db import migrations
from services.common.db.engine import make_engine
from services.decisions.adapters import orm
from services.decisions.domain.slugs import programme_slug

SPAN = timedelta(days=730)        # submissions over two years
HORIZON = timedelta(days=365)     # a decision cites input submitted in the year before it
MAX_LINKS = 200
THEMES = ("Adult mental health crisis care", "Children's community mental health",
          "Dementia support at home", "Maternity continuity of carer", "Learning disability short breaks",
          "Drug and alcohol recovery", "Homelessness health outreach", "Carers' respite",
          "Stroke rehabilitation", "Diabetes prevention", "Eating disorders pathway",
          "Autism assessment waiting times", "Hospital discharge to home", "Veterans' mental health",
          "Young carers' wellbeing", "Long COVID rehabilitation", "Sickle cell care",
          "End of life care at home", "Primary care access", "Community pharmacy services")
AREAS = ("Northtown", "Southvale", "Eastbridge", "Westmoor", "Riverside", "Highfield", "Lowmarsh",
         "Kingsford", "Ashby", "Oakham", "Millbrook", "Stonebridge")
TOPICS = ("night care", "waiting times", "transport", "peer support", "language access", "housing",
          "staff attitudes", "digital access", "carers", "discharge")
# (level, share of input, engagement methods, share of its claims adopted/adapted/not/noted)
LEVELS = (("informing", 12, ("story", "other"), (15, 20, 25, 40)),
          ("consultation", 38, ("survey",), (20, 25, 25, 30)),
          ("engagement", 25, ("workshop", "focus_group", "interview"), (25, 25, 20, 30)),
          ("co-design", 15, ("co_design_session",), (35, 30, 15, 20)),
          ("co-production", 10, ("co_design_session", "workshop"), (40, 30, 10, 20)))
INFLUENCES = ("adopted", "adapted", "not_adopted", "noted")
EXPLANATIONS = {"adopted": "We are doing what you asked.",
                "adapted": "We are doing part of this, in a changed form, within this year's budget.",
                "not_adopted": "We cannot do this now because the service has no staff for it yet.",
                "noted": "This informed the board's discussion."}


class Planner:
    """Draws the rows; `emit(table, row)` takes each one as it is drawn."""

    def __init__(self, rng: random.Random, today: date, emit):
        self.rng, self.emit = rng, emit
        self.now = datetime(today.year, today.month, today.day, tzinfo=UTC)
        self.start = self.now - SPAN
        self.decisions: list[dict] = []
        self.by_programme: dict[str, tuple[list[datetime], list[int]]] = {}
        self.changed: dict[str, list[str]] = {}  # revised decision -> input whose claim changed
        self.counts = {"inputs": 0, "with_outcome": 0, "closed": 0, "links": 0}

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def moment(self, after: datetime, before: datetime) -> datetime:
        return after + (before - after) * self.rng.random()

    # -- boards, partners, decisions -------------------------------------------------------------
    def setting(self, programmes: int, boards: int, partners: int, decisions: int) -> None:
        self.programmes = [f"{THEMES[i % len(THEMES)]} {2026 + i // len(THEMES)}"
                           for i in range(programmes)]
        self.programme_weights = [1 / (1 + 0.15 * i) for i in range(programmes)]
        for name in self.programmes:  # registered, as decisions' /v1/programmes would
            at = self.start - timedelta(days=90)
            self.emit("programmes", {"programme_id": self.uuid(), "name": name, "slug": programme_slug(name),
                                     "description": "", "status": "open", "created_at": at, "updated_at": at})
        self.boards = [self._board(b, boards) for b in range(boards)]
        self.partners = [self._partner(p) for p in range(partners)]
        for _ in range(decisions):
            self._decision()
        for published, indexes in self.by_programme.values():
            order = sorted(range(len(published)), key=published.__getitem__)
            published[:], indexes[:] = [published[i] for i in order], [indexes[i] for i in order]

    def _board(self, number: int, boards: int) -> tuple[dict, list[str]]:
        """Board n covers every programme i with i % boards == n; a third of them one more."""
        covered = [p for i, p in enumerate(self.programmes) if i % boards == number]
        if number % 3 == 0 and len(self.programmes) > boards:
            covered.append(self.programmes[(number + 1) % len(self.programmes)])
        area = AREAS[number % len(AREAS)]
        board = {"board_id": self.uuid(), "name": f"{area} Commissioning Board {number + 1}",
                 "slug": f"{area.lower()}-commissioning-board-{number + 1}",
                 "organisation": f"{area} ICB", "outcome_due_days": self.rng.choice((30, 60, 90, 90, 120)),
                 "created_at": self.start - timedelta(days=30), "status": "active"}
        self.emit("boards", board)
        for programme in covered:
            self.emit("board_programmes", {"board_id": board["board_id"], "programme": programme})
        return board, covered or self.programmes

    def _partner(self, number: int) -> str:
        kind = ("Peer Support", "Healthwatch", "Carers Network", "Mind")[number % 4]
        partner_id = self.uuid()
        self.emit("partners", {"partner_id": partner_id, "registered_at": self.start - timedelta(days=60),
                               "name": f"{AREAS[number % len(AREAS)]} {kind} {number + 1}"})
        return partner_id

    def _decision(self) -> None:
        board, covered = self.rng.choice(self.boards)
        programme = self.rng.choice(covered)
        decision = {"decision_id": self.uuid(), "board_id": board["board_id"], "programme": programme,
                    "title": f"Change to {programme.lower()}", "summary": "What the board decided.",
                    "rationale": "Why the board decided it, with what people told us.",
                    "review_on": None, "no_input_considered": False, "links": 0}
        if self.rng.random() < 0.05:  # a draft: not public, cites nothing yet
            created = self.moment(self.now - timedelta(days=60), self.now)
            decision.update(status="draft", revision=0, created_at=created, published_at=None,
                            decided_on=created.date())
            self._emit_decision(decision)
            return
        published = self.moment(self.start + timedelta(days=20), self.now - timedelta(hours=1))
        revised = published + timedelta(days=self.rng.uniform(20, 120))
        decision.update(status="published", published_at=published, revised_at=revised,
                        revision=2 if self.rng.random() < 0.1 and revised < self.now else 1,
                        created_at=published - timedelta(days=self.rng.uniform(1, 30)),
                        decided_on=(published - timedelta(days=self.rng.uniform(0, 14))).date())
        self._emit_decision(decision)
        for number in range(1, decision["revision"] + 1):
            self.emit("decision_revisions", {
                "decision_id": decision["decision_id"], "revision": number, "no_input_considered": False,
                "reason": None if number == 1 else "New funding let us do more of what people asked.",
                "changed_input_ids": [], "created_at": published if number == 1 else revised})
        self.emit("outcomes", {"decision_id": decision["decision_id"], "board_id": board["board_id"],
                               "programme": programme, "revision": decision["revision"],
                               "published_at": published, "updated_at": revised
                               if decision["revision"] == 2 else published})
        self._progress(decision)
        times, indexes = self.by_programme.setdefault(programme, ([], []))
        times.append(published)
        indexes.append(len(self.decisions) - 1)

    def _emit_decision(self, decision: dict) -> None:
        self.decisions.append(decision)
        self.emit("decisions", {k: v for k, v in decision.items() if k not in ("links", "revised_at")})

    def _progress(self, decision: dict) -> None:
        at, previous = decision["published_at"], None
        steps = [("planned", 0), ("in_progress", 50), ("delivered", 100)]
        steps = steps[:self.rng.choice((0, 1, 1, 2, 3))]
        for sequence, (status, percent) in enumerate(steps, 1):
            at += timedelta(days=self.rng.uniform(10, 90))
            if at >= self.now:
                return
            self.emit("progress_entries", {
                "entry_id": self.uuid(), "decision_id": decision["decision_id"], "sequence": sequence,
                "status": status, "previous_status": previous, "percent": percent,
                "note": f"Now {status.replace('_', ' ')}.", "recorded_at": at})
            previous = status

    # -- input, the claims on it and the notifications about them ----------------------------------
    def inputs(self, count: int, report_every: int):
        level_weights = [level[1] for level in LEVELS]
        for done in range(1, count + 1):
            programme = self.rng.choices(self.programmes, self.programme_weights)[0]
            level = self.rng.choices(LEVELS, level_weights)[0]
            self._input(programme, level)
            if done % report_every == 0 or done == count:
                yield done

    def _input(self, programme: str, level: tuple) -> None:
        rng = self.rng
        input_id, submitted = self.uuid(), self.moment(self.start, self.now)
        contributor = self.uuid() if rng.random() < 0.82 else None
        partner_id = rng.choice(self.partners)
        withdrawn = self.moment(submitted, self.now) if rng.random() < 0.02 else None
        cited = []
        age_days = (self.now - submitted) / timedelta(days=1)
        if rng.random() < min(0.68, 0.68 * age_days / 120):  # about 60% of input gets an outcome
            cited = self._cite(programme, submitted, 2 if rng.random() < 0.08 else 1)
        for decision in cited:
            self._claim(decision, input_id, submitted, level)
        first_outcome = min((d["published_at"] for d in cited), default=None)
        closed = not_wanted = None
        if first_outcome is not None and contributor is not None:
            closed, not_wanted = self._notify(cited[0], input_id, contributor, partner_id,
                                              first_outcome)
        topics = rng.sample(TOPICS, rng.choice((1, 1, 2)))
        for topic in topics:
            self.emit("input_topics", {"input_id": input_id, "topic": topic})
        if withdrawn is not None:
            self.emit("input_withdrawals", {"input_id": input_id, "withdrawn_at": withdrawn})
        self.emit("inputs", {
            "input_id": input_id, "partner_id": partner_id, "contributor_id": contributor,
            "programme": programme, "summary": f"About {topics[0]}: what would have helped me.",
            "body": "A longer account, as the partner recorded it." if rng.random() < 0.3 else None,
            "engagement_method": rng.choice(level[2]), "participation_level": level[0],
            "gathered_on": (submitted - timedelta(days=rng.uniform(0, 30))).date(),
            "submitted_at": submitted, "quote_anonymously": rng.random() < 0.55,
            "withdrawn_at": withdrawn, "first_outcome_published_at": first_outcome,
            "closed_at": closed, "not_wanted_at": not_wanted})
        self.counts["inputs"] += 1
        self.counts["with_outcome"] += first_outcome is not None
        self.counts["closed"] += closed is not None

    def _cite(self, programme: str, submitted: datetime, wanted: int) -> list[dict]:
        """Published decisions of the programme in the year after submission, with room left."""
        times, indexes = self.by_programme.get(programme, ([], []))
        low = bisect.bisect_right(times, submitted)
        high = bisect.bisect_right(times, submitted + HORIZON)
        found: list[dict] = []
        for _ in range(4 * wanted if high > low else 0):
            # most input is answered by one of the first decisions after it, some much later
            decision = self.decisions[indexes[low + int((high - low) * self.rng.random() ** 3)]]
            if decision["links"] < MAX_LINKS and decision not in found:
                found.append(decision)
                decision["links"] += 1
                if len(found) == wanted:
                    break
        return found

    def _claim(self, decision: dict, input_id: str, submitted: datetime, level: tuple) -> None:
        influence = self.rng.choices(INFLUENCES, level[3])[0]
        first, current, revisions = influence, influence, decision["revision"]
        if revisions == 2:
            roll = self.rng.random()
            if roll < 0.07:  # revision 2 changed this claim (2%: dropped it)
                first = self.rng.choice([i for i in INFLUENCES if i != influence])
                self.changed.setdefault(decision["decision_id"], []).append(input_id)
                current = None if roll < 0.02 else influence
        key = {"decision_id": decision["decision_id"], "input_id": input_id}
        for number, claimed in ((1, first), (2, current))[:revisions]:
            if claimed is not None:
                self.emit("revision_links", {**key, "revision": number, "influence": claimed,
                                             "explanation": EXPLANATIONS[claimed]})
        if current is not None:
            linked = self.moment(max(submitted, decision["created_at"]), decision["published_at"])
            self.emit("decision_links", {**key, "influence": current, "linked_at": linked,
                                         "explanation": EXPLANATIONS[current]})
        self.emit("outcome_links", {**key, "influence": current or first,
                                    "revision": revisions if current else 1,
                                    "first_published_at": decision["published_at"]})
        self.counts["links"] += 1

    def _notify(self, decision: dict, input_id: str, contributor: str, partner_id: str,
                outcome: datetime) -> tuple[datetime | None, datetime | None]:
        """Notify's outcome for the contributor: (closed, not wanted). Only a sent email closes."""
        roll, uniform = self.rng.random(), self.rng.uniform
        if roll < 0.58:
            status, at, reason = "sent", outcome + timedelta(hours=uniform(0.1, 96)), None
        elif roll < 0.70:
            status, at, reason = "suppressed", outcome + timedelta(minutes=uniform(1, 60)), "no_consent"
        elif roll < 0.78:
            status, at, reason = "failed", outcome + timedelta(days=uniform(1, 3)), "mailbox unavailable"
        else:
            return None, None  # not sent yet
        if at >= self.now:
            return None, None
        notification_id = self.uuid()
        self.emit("notification_outcomes", {
            "notification_id": notification_id, "status": status, "decision_id": decision["decision_id"],
            "board_id": decision["board_id"], "contributor_id": contributor, "partner_id": partner_id,
            "input_ids": [input_id], "trigger": "published", "reason": reason, "at": at})
        self.emit("notification_inputs", {"notification_id": notification_id, "status": status,
                                          "input_id": input_id, "at": at})
        return (at if status == "sent" else None), (at if status == "suppressed" else None)

    def summary(self) -> str:
        c = self.counts
        return (f"{c['inputs']:,} inputs, {c['with_outcome']:,} with an outcome, {c['closed']:,} "
                f"closed, {c['links']:,} claims, {len(self.decisions):,} decisions")


class BulkWriter:
    """Buffers rows per table and writes them in chunks: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, engine, chunk: int):
        self.engine, self.chunk = engine, chunk
        self.buffers: dict[str, list[dict]] = {}
        self.written = 0
        self.started = time.monotonic()

    def add(self, table: str, row: dict) -> None:
        buffer = self.buffers.setdefault(table, [])
        buffer.append(row)
        if len(buffer) >= self.chunk:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.buffers):
            rows, self.buffers[name] = self.buffers.get(name, []), []
            if rows:
                self._write(orm.metadata.tables[name], rows)
                self.written += len(rows)

    def _write(self, table, rows: list[dict]) -> None:
        if self.engine.dialect.name != "postgresql":
            with self.engine.begin() as connection:
                connection.execute(insert(table), rows)
            return
        columns = [c.name for c in table.columns]
        raw = self.engine.raw_connection()
        try:
            with raw.cursor() as cursor, cursor.copy(
                    f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_copyable(row.get(c)) for c in columns])
            raw.commit()
        finally:
            raw.close()

    def rate(self) -> str:
        elapsed = time.monotonic() - self.started
        return f"{self.written:,} rows in {elapsed:.1f}s ({self.written / max(elapsed, 1e-9):,.0f} rows/s)"


def _copyable(value):
    return json.dumps(value) if isinstance(value, list) else value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("HEARD_DECISIONS_DATABASE_URL"),
                        help="default: $HEARD_DECISIONS_DATABASE_URL")
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--programmes", type=int, default=20)
    parser.add_argument("--boards", type=int, default=10)
    parser.add_argument("--partners", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=datetime.now(UTC).date(),
                        help="the data spans the two years before this UTC date (default: today)")
    parser.add_argument("--chunk", type=int, default=50_000, help="rows per write")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url or set HEARD_DECISIONS_DATABASE_URL")
    if min(args.inputs, args.decisions, args.programmes, args.boards, args.partners) < 1:
        parser.error("every count must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    migrations.upgrade(catalogue.migrations_dir("decisions"), args.database_url)
    engine = make_engine(args.database_url)
    with engine.connect() as connection:
        if connection.execute(select(func.count()).select_from(orm.inputs)).scalar():
            print("the database already holds input; use an empty one", file=sys.stderr)
            return 2
    writer = BulkWriter(engine, args.chunk)
    planner = Planner(random.Random(args.seed), args.today, writer.add)
    planner.setting(args.programmes, args.boards, args.partners, args.decisions)
    writer.flush()
    for done in planner.inputs(args.inputs, report_every=args.chunk):
        writer.flush("inputs")
        print(f"inputs {done:,}/{args.inputs:,}: {writer.rate()}", flush=True)
    writer.flush()
    revisions = orm.decision_revisions.c
    with engine.begin() as connection:
        if planner.changed:
            connection.execute(update(orm.decision_revisions).where(
                revisions.decision_id == bindparam("changed_decision"), revisions.revision == 2)
                .values(changed_input_ids=bindparam("changed")), [
                    {"changed_decision": d, "changed": sorted(ids)} for d, ids in planner.changed.items()])
        connection.execute(text(
            "UPDATE decisions SET no_input_considered = :yes WHERE status = 'published' AND NOT "
            "EXISTS (SELECT 1 FROM decision_links l WHERE l.decision_id = decisions.decision_id)"),
            {"yes": True})
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    print(f"done: {writer.rate()}; {planner.summary()}", flush=True)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
