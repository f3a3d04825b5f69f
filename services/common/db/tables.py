"""Tables every service has: outbox, inbox, API keys. Added to each service's own metadata."""
from __future__ import annotations

from sqlalchemy import (
    Column, Index, Integer, MetaData, String, Table, Text, text,
)

from services.common.db.types import UtcDateTime


# A partial index: a full index led by published_at kept every published row's entry, and
# PostgreSQL, without statistics after a burst, walked the primary key past all of them instead
OUTBOX_UNPUBLISHED = text("published_at IS NULL")


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox", metadata,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("topic", String(200), nullable=False),
        Column("message_key", String(200), nullable=False),
        # NULL value = tombstone on a compacted topic
        Column("value", Text, nullable=True),
        Column("correlation_id", String(100), nullable=False),
        Column("event_type", String(100), nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("published_at", UtcDateTime(), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", String(500), nullable=True),
        # only the rows still to send: the relay's "oldest pending first" reads this index and
        # never walks past the rows it has already published (see OUTBOX_UNPUBLISHED)
        Index("ix_outbox_unpublished", "id", postgresql_where=OUTBOX_UNPUBLISHED,
              sqlite_where=OUTBOX_UNPUBLISHED),
    )


def inbox_table(metadata: MetaData) -> Table:
    return Table(
        "inbox", metadata,
        Column("event_id", String(100), primary_key=True),
        Column("topic", String(200), nullable=False),
        Column("processed_at", UtcDateTime(), nullable=False),
    )


def api_keys_table(metadata: MetaData) -> Table:
    return Table(
        "api_keys", metadata,
        Column("key_id", String(36), primary_key=True),
        Column("key_hash", String(64), nullable=False, unique=True),
        Column("role", String(20), nullable=False),
        Column("partner_id", String(36), nullable=True),
        Column("board_id", String(36), nullable=True),
        Column("label", String(200), nullable=False, default=""),
        Column("issued_by", String(50), nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("revoked_at", UtcDateTime(), nullable=True),
        # NULL: never expires. Rotation sets it on the old key (the overlap's end).
        Column("expires_at", UtcDateTime(), nullable=True),
        # this service's own record of the last request with the key (to the minute), never synced
        Column("last_used_at", UtcDateTime(), nullable=True),
    )


def worker_state_table(metadata: MetaData) -> Table:
    """One row per running worker process: what its consumer and relay last reported, so the
    API (another process, maybe another machine) can say in /readyz whether events flow."""
    return Table(
        "worker_state", metadata,
        Column("worker_id", String(200), primary_key=True),
        Column("state", Text, nullable=False),  # JSON: assignment, lag, dead letters, errors
        Column("updated_at", UtcDateTime(), nullable=False),
    )


def idempotency_table(metadata: MetaData) -> Table:
    """First responses to Idempotency-Key requests, for services/common/web/idempotency.py
    (not shared by every service: intake has its own, written in the change's transaction)."""
    return Table(
        "idempotency_keys", metadata,
        Column("owner", String(80), primary_key=True),
        Column("idempotency_key", String(200), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("response_status", Integer, nullable=False),  # 0 while the first is in flight
        Column("response_body", Text, nullable=False),
        Column("location", String(300), nullable=True),
        Column("created_at", UtcDateTime(), nullable=False),
    )


def audit_table(metadata: MetaData) -> Table:
    """Append-only: one row per committed change made through the API or the workspace, in the
    change's own transaction (services/common/audit.py). Ids only, never a request body."""
    return Table(
        "audit_log", metadata,
        Column("audit_id", String(36), primary_key=True),
        Column("at", UtcDateTime(), nullable=False),
        Column("key_id", String(36), nullable=True),
        Column("role", String(20), nullable=True),
        Column("action", String(200), nullable=False),
        Column("object_id", String(200), nullable=True),
        Column("request_id", String(100), nullable=False),
        Index("ix_audit_log_at", "at", "audit_id"),
        Index("ix_audit_log_key", "key_id", "at"),
        Index("ix_audit_log_object", "object_id", "at"),
    )


def add_shared_tables(metadata: MetaData) -> dict[str, Table]:
    return {
        "audit_log": audit_table(metadata),
        "worker_state": worker_state_table(metadata),
        "outbox": outbox_table(metadata),
        "inbox": inbox_table(metadata),
        "api_keys": api_keys_table(metadata),
    }
