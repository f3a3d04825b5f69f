"""The worker publishes what its consumer knows into its service's `worker_state` table, and the
API reads it: the two are separate processes (often separate machines), sharing the database.

`assess()` is the one place that decides whether a service is "ready" (events flow) or
"degraded" (it answers and takes writes, but something is behind or missing), and why.
"""
from __future__ import annotations

import json
import os
import socket
from datetime import timedelta

from sqlalchemy import Table, delete, insert, select

from services.common.db.types import utcnow

FRESH_FOR = timedelta(seconds=15)  # a worker silent for longer is taken to be gone
FORGET_AFTER = timedelta(days=1)  # rows of workers long gone are removed


def worker_id(service: str) -> str:
    return f"{service}:{socket.gethostname()}:{os.getpid()}"


def publish_state(engine, table: Table, worker: str, state: dict) -> None:
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(delete(table).where((table.c.worker_id == worker)
                                         | (table.c.updated_at < now - FORGET_AFTER)))
        conn.execute(insert(table).values(worker_id=worker, state=json.dumps(state),
                                          updated_at=now))


def fresh_states(conn, table: Table) -> list[dict]:
    rows = conn.execute(select(table.c.state).where(table.c.updated_at > utcnow() - FRESH_FOR))
    return [json.loads(row.state) for row in rows]


def summarise(states: list[dict]) -> dict:
    """All live workers of a service together (replicas share one consumer group)."""
    dead_letters: dict[str, int] = {}
    key_topics = {topic for state in states for topic in state.get("key_topics", [])}
    catch_up_topics = {topic for state in states for topic in state.get("catch_up_topics", [])}
    lag_by_topic: dict[str, int] = {}
    for state in states:
        for topic, count in state.get("dead_letters", {}).items():
            dead_letters[topic] = dead_letters.get(topic, 0) + count
        for topic, lag in state.get("lag_by_topic", {}).items():
            lag_by_topic[topic] = lag_by_topic.get(topic, 0) + lag
    return {
        "workers": len(states),
        "assigned_partitions": sum(s.get("assigned_partitions", 0) for s in states),
        "lag": sum(lag_by_topic.values()),
        "lag_by_topic": lag_by_topic,
        "dead_letters": dead_letters,
        "key_topics_lag": sum(lag_by_topic.get(topic, 0) for topic in key_topics),
        "catch_up_lag": {topic: lag_by_topic.get(topic, 0) for topic in sorted(catch_up_topics)},
        "broker_errors": sorted({s["broker_error"] for s in states if s.get("broker_error")}),
        "loop_restarts": sum(sum(s.get("restarts", {}).values()) for s in states),
    }


def assess(summary: dict) -> list[str]:
    """Why the service is not ready; empty when events flow."""
    if summary["workers"] == 0:
        return [f"no worker has reported in the last {FRESH_FOR.seconds}s"]
    reasons = [f"worker cannot reach the broker ({error})" for error in summary["broker_errors"]]
    if summary["assigned_partitions"] == 0:
        reasons.append("the consumer has not joined its group (no partitions assigned)")
    elif summary["key_topics_lag"] > 0:
        reasons.append(f"API key topics not caught up ({summary['key_topics_lag']} behind)")
    if summary["assigned_partitions"]:
        reasons.extend(f"{topic} not caught up ({lag} behind)"
                       for topic, lag in summary.get("catch_up_lag", {}).items() if lag > 0)
    return reasons
