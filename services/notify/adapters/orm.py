"""Notify's tables: the contact directory, input summaries, notifications, unsubscribes, digests.

Only `contacts` holds addresses and names. Unsubscribes are kept as a keyed hash of the
address, so erasing a contact is deleting one row.
"""
from __future__ import annotations

from sqlalchemy import (
    JSON, Boolean, Column, Date, Index, Integer, MetaData, String, Table, Text, UniqueConstraint,
    false,
)

from services.common.db.tables import add_shared_tables
from services.common.db.types import UtcDateTime

metadata = MetaData()
add_shared_tables(metadata)

contacts = Table(
    "contacts", metadata,
    Column("contact_id", String(36), primary_key=True),
    Column("kind", String(20), nullable=False),  # contributor | partner
    Column("partner_id", String(36), nullable=False),
    Column("email", String(320), nullable=True),
    Column("preferred_name", String(200), nullable=True),
    Column("contact_about_outcomes", Boolean, nullable=False),
    Column("daily_digest", Boolean, nullable=False, server_default=false()),
    Column("language", String(35), nullable=False),
    Column("accessible_format", String(20), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("email_frequency", String(20), nullable=False, server_default="each_update"),
)

input_summaries = Table(
    "input_summaries", metadata,
    Column("input_id", String(36), primary_key=True),
    Column("partner_id", String(36), nullable=False),
    Column("contributor_id", String(36), nullable=True),
    Column("summary", Text, nullable=False),
    Column("submitted_at", UtcDateTime(), nullable=False),
)

unsubscribes = Table(
    "unsubscribes", metadata,
    Column("address_hash", String(64), primary_key=True),
    Column("unsubscribed_at", UtcDateTime(), nullable=False),
)


def delivery_columns() -> list[Column]:
    """The persisted send schedule, the same for every kind of email notify sends."""
    return [
        Column("status", String(20), nullable=False),  # queued | sending | sent | failed | suppressed
        Column("reason", String(500), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("next_attempt_at", UtcDateTime(), nullable=True),
        Column("last_attempt_at", UtcDateTime(), nullable=True),
        Column("claimed_at", UtcDateTime(), nullable=True),  # set while status is "sending"
        Column("handover_at", UtcDateTime(), nullable=True),  # set just before SMTP DATA
        Column("sent_at", UtcDateTime(), nullable=True),
    ]


notifications = Table(
    "notifications", metadata,
    Column("notification_id", String(36), primary_key=True),
    Column("decision_id", String(36), nullable=False),
    Column("board_id", String(36), nullable=False),
    Column("partner_id", String(36), nullable=False),
    Column("contributor_id", String(36), nullable=False),
    Column("trigger", String(20), nullable=False),
    Column("trigger_ref", String(100), nullable=False),
    Column("content", JSON, nullable=False),  # decision facts and this contributor's links
    *delivery_columns(),
    Column("digest_id", String(36), nullable=True),  # the email carrying a held one (a digest or a final update)
    UniqueConstraint("decision_id", "trigger_ref", "contributor_id", name="uq_notifications_key"),
    Index("ix_notifications_due", "status", "next_attempt_at"),
    Index("ix_notifications_listing", "created_at", "notification_id"),
    Index("ix_notifications_contributor", "contributor_id", "status"),
    Index("ix_notifications_digest", "digest_id"),
    # a partner's digest counts what it must relay: its contributors' unsent news of the day
    Index("ix_notifications_partner", "partner_id", "status", "created_at"),
)

partner_outcomes = Table(
    "partner_outcomes", metadata,
    Column("partner_id", String(36), primary_key=True),
    Column("decision_id", String(36), primary_key=True),
    Column("title", Text, nullable=False),
    Column("board_name", Text, nullable=False),
    Column("public_url", Text, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("published_at", UtcDateTime(), nullable=False),
    Column("input_count", Integer, nullable=False),
    Index("ix_partner_outcomes_window", "partner_id", "published_at"),
)

# revisions and progress of decisions citing a partner's input: more lines of its daily digest
partner_updates = Table(
    "partner_updates", metadata,
    Column("partner_id", String(36), primary_key=True),
    Column("decision_id", String(36), primary_key=True),
    Column("trigger_ref", String(100), primary_key=True),
    Column("trigger", String(20), nullable=False),
    Column("title", Text, nullable=False),
    Column("public_url", Text, nullable=False),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("input_count", Integer, nullable=False),
    Column("revision_reason", Text, nullable=True),
    Column("progress_status", String(20), nullable=True),
    Column("percent", Integer, nullable=True),
    Column("note", Text, nullable=True),
    Index("ix_partner_updates_window", "partner_id", "occurred_at"),
)

digests = Table(
    "digests", metadata,
    Column("digest_id", String(36), primary_key=True),
    Column("partner_id", String(36), nullable=False),
    Column("digest_date", Date, nullable=False),
    *delivery_columns(),
    UniqueConstraint("partner_id", "digest_date", name="uq_digests_partner_day"),
    Index("ix_digests_due", "status", "next_attempt_at"),
)

# a contributor's daily digest: the day's held notifications in one email (notifications.digest_id)
contributor_digests = Table(
    "contributor_digests", metadata,
    Column("digest_id", String(36), primary_key=True),
    Column("contributor_id", String(36), nullable=False),
    Column("partner_id", String(36), nullable=False),
    Column("digest_date", Date, nullable=False),
    *delivery_columns(),
    UniqueConstraint("contributor_id", "digest_date", name="uq_contributor_digests_day"),
    Index("ix_contributor_digests_due", "status", "next_attempt_at"),
)

# a contributor's answer about one decision ("was your input used honestly?"); one per person per
# decision, replaced when they change it. The comment is for their partner: it leaves by event.
outcome_answers = Table(
    "outcome_answers", metadata,
    Column("contributor_id", String(36), primary_key=True),
    Column("decision_id", String(36), primary_key=True),
    Column("answer", String(10), nullable=False),
    Column("comment", Text, nullable=True),
    Column("answered_at", UtcDateTime(), nullable=False),
)
