"""Personal data leaves the outbox: a relayed row of a personal-data topic (contacts) keeps its
event id, topic and times but not its value, and erasing a key removes every copy still held."""
from __future__ import annotations

from sqlalchemy import Connection, Engine, Table, and_, delete, update

from services.common.contracts.registry import CONTRACTS


def personal_data_topics() -> list[str]:
    return sorted(c.topic for c in CONTRACTS if c.personal_data)


def empty_relayed_personal_data(engine: Engine, outbox: Table) -> int:
    """Drop the value of every relayed personal-data row; returns how many were emptied.

    Kafka holds the published copy (and compaction removes it after a tombstone), so the outbox
    has no reason to keep one. Called by the worker's scrub loop, apart from the relay.
    """
    with engine.begin() as conn:
        return conn.execute(update(outbox).where(and_(
            outbox.c.topic.in_(personal_data_topics()), outbox.c.published_at.is_not(None),
            outbox.c.value.is_not(None))).values(value=None)).rowcount


def forget_key(connection: Connection, outbox: Table, topic: str, key: str) -> None:
    """On erasure, in the erasing transaction: relayed copies lose their value, and copies not
    yet relayed are dropped (the tombstone written after them supersedes them anyway)."""
    mine = and_(outbox.c.topic == topic, outbox.c.message_key == key, outbox.c.value.is_not(None))
    connection.execute(delete(outbox).where(mine, outbox.c.published_at.is_(None)))
    connection.execute(update(outbox).where(mine).values(value=None))
