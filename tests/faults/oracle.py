"""The one oracle every fault row is checked against, and the table the rows are printed in.

Every 2xx submission has exactly one effect in each service's database; every event was
processed (the service's inbox holds its id) or sits in a dead-letter topic with its reason;
no contributor got two emails for one notification.
"""
from __future__ import annotations

import collections
import json
from dataclasses import dataclass, field

from sqlalchemy import func, select

from services.common.contracts import contract_for
from tests.support.kafka import header, read_topic

SUBMITTED = contract_for("intake", "input-submitted", 1)
EFFECT_TABLES = {"intake": "inputs", "decisions": "inputs", "notify": "input_summaries"}
CONSUMERS = ("decisions", "notify")
RESULTS: list["Verdict"] = []


@dataclass
class Verdict:
    row: str
    database: str
    load: str
    fault: str
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def effects(heard, input_ids: list[str]) -> dict[str, collections.Counter]:
    found = {}
    for service, table_name in EFFECT_TABLES.items():
        runtime = heard.runtimes[service]
        table = runtime.metadata.tables[table_name]
        with runtime.engine.connect() as conn:
            rows = conn.execute(select(table.c.input_id, func.count()).where(
                table.c.input_id.in_(input_ids)).group_by(table.c.input_id)).all()
        found[service] = collections.Counter({row[0]: row[1] for row in rows})
    return found


def all_arrived(heard, input_ids: list[str], parked: frozenset[str] = frozenset()) -> bool:
    wanted = set(input_ids) - parked
    return all(wanted <= set(counter) for counter in effects(heard, input_ids).values())


def event_ids(heard, input_ids: list[str]) -> dict[str, str]:
    """input id -> the event id intake's outbox gave its InputSubmitted."""
    outbox = heard.runtimes["intake"].outbox_table
    with heard.runtimes["intake"].engine.connect() as conn:
        rows = conn.execute(select(outbox.c.message_key, outbox.c.event_id).where(
            outbox.c.topic == SUBMITTED.topic, outbox.c.message_key.in_(input_ids))).all()
    return {row.message_key: row.event_id for row in rows}


def processed(heard, service: str, ids: list[str]) -> set[str]:
    runtime = heard.runtimes[service]
    inbox = runtime.metadata.tables["inbox"]
    with runtime.engine.connect() as conn:
        return set(conn.execute(select(inbox.c.event_id).where(inbox.c.event_id.in_(ids))).scalars())


def dead_letters(bootstrap: str, topic: str, ids: set[str]) -> dict[str, str]:
    """event id -> reason, for our events in `topic`.dlq."""
    found = {}
    for record in read_topic(bootstrap, f"{topic}.dlq"):
        event_id = header(record, "event_id") or json.loads(record.value or b"{}").get("event_id")
        if event_id in ids:
            found[event_id] = header(record, "dlq.reason") or ""
    return found


def check(verdict: Verdict, heard, input_ids: list[str], sink=None,
          parked: frozenset[str] = frozenset()) -> Verdict:
    """Fill `verdict` with the counts and every way the oracle does not hold."""
    found = effects(heard, input_ids)
    verdict.counts["2xx"] = len(input_ids)
    for service, counter in found.items():
        verdict.counts[service] = sum(counter.values())
        lost = [i for i in input_ids if i not in counter and i not in parked]
        doubled = [i for i, n in counter.items() if n > 1]
        if lost:
            verdict.problems.append(f"{service}: {len(lost)} lost")
        if doubled:
            verdict.problems.append(f"{service}: {len(doubled)} duplicated")
    ids = event_ids(heard, input_ids)
    if len(ids) != len(input_ids):
        verdict.problems.append(f"intake outbox has {len(ids)} events for {len(input_ids)} inputs")
    in_dlq = dead_letters(heard.bootstrap, SUBMITTED.topic, set(ids.values()))
    verdict.counts["dlq"] = len(in_dlq)
    if any(not reason for reason in in_dlq.values()):
        verdict.problems.append("a dead letter without its reason")
    for service in CONSUMERS:
        missing = set(ids.values()) - processed(heard, service, list(ids.values())) - set(in_dlq)
        if missing:
            verdict.problems.append(f"{service}: {len(missing)} events neither processed nor in DLQ")
    if sink is not None:
        mails = collections.Counter((str(m["To"]), str(m["Subject"])) for m in sink.messages())
        verdict.counts["emails"] = sum(mails.values())
        if any(n > 1 for n in mails.values()):
            verdict.problems.append("a contributor got the same email twice")
    RESULTS.append(verdict)
    return verdict


def out_of_order(heard, service: str, topic: str, keys: list[str]) -> list[str]:
    """Keys whose events `service` handled in another order than intake published them: per
    key, in outbox order, each event's inbox time must not be before its predecessor's (events
    handled in one batch share a time)."""
    outbox = heard.runtimes["intake"].outbox_table
    with heard.runtimes["intake"].engine.connect() as conn:
        published = conn.execute(select(outbox.c.message_key, outbox.c.event_id).where(
            outbox.c.topic == topic, outbox.c.message_key.in_(keys)).order_by(outbox.c.id)).all()
    runtime = heard.runtimes[service]
    inbox = runtime.metadata.tables["inbox"]
    with runtime.engine.connect() as conn:
        handled_at = dict(conn.execute(select(inbox.c.event_id, inbox.c.processed_at).where(
            inbox.c.event_id.in_([row.event_id for row in published]))).all())
    last: dict[str, object] = {}
    wrong = set()
    for key, event_id in published:
        at = handled_at.get(event_id)
        if at is None or (key in last and at < last[key]):
            wrong.add(key)
        last[key] = at if at is not None else last.get(key)
    return sorted(wrong)


def table(results: list[Verdict]) -> str:
    lines = [f"{'row':<5} {'db':<10} {'load':<32} {'fault':<54} {'counts':<58} verdict"]
    for r in sorted(results, key=lambda r: (int(r.row), r.database)):  # in the order
        counts = " ".join(f"{k}={v}" for k, v in r.counts.items())
        verdict = "PASS" if r.passed else "FAIL: " + "; ".join(r.problems)
        lines.append(f"{r.row:<5} {r.database:<10} {r.load:<32} {r.fault:<54} {counts:<58} {verdict}")
    return "\n".join(lines)
