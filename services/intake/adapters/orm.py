"""Intake's tables. Intake owns partners, contributors (the only personal data) and inputs."""
from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Date, ForeignKey, Index, Integer, MetaData, String, Table, Text, false,
)

from services.common.db.tables import add_shared_tables
from services.common.db.types import UtcDateTime

metadata = MetaData()
add_shared_tables(metadata)

partners = Table(
    "partners", metadata,
    Column("partner_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("contact_email", String(320), nullable=False),
    Column("daily_digest", Boolean, nullable=False, server_default=false()),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=True),
)

# the programmes decisions announced (decisions.programmes.v1): input may name an open one
programmes = Table(
    "programmes", metadata,
    Column("programme_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("status", String(20), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # co-production: the stage at which the programme's contributors shared decision-making
    Column("shared_decision_stage", String(30), nullable=True),
)

contributors = Table(
    "contributors", metadata,
    Column("contributor_id", String(36), primary_key=True),
    Column("partner_id", String(36), ForeignKey("partners.partner_id"), nullable=False, index=True),
    Column("email", String(320), nullable=True),
    Column("preferred_name", String(200), nullable=True),
    Column("contact_about_outcomes", Boolean, nullable=False),
    Column("quote_anonymously", Boolean, nullable=False),
    Column("consent_method", String(20), nullable=False),
    Column("language", String(35), nullable=False),
    Column("accessible_format", String(20), nullable=False),
    Column("email_frequency", String(20), nullable=False, server_default="each_update"),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("erased_at", UtcDateTime(), nullable=True),
    # the partner's own reference for its record of the person: unique per partner (NULLs repeat)
    Column("partner_ref", String(100), nullable=True),
    Index("ux_contributors_partner_ref", "partner_id", "partner_ref", unique=True),
    Index("ix_contributors_partner_page", "partner_id", "created_at", "contributor_id"),
    Index("ix_contributors_page", "created_at", "contributor_id"),
)

# Append-only: consent is never overwritten. Holds no contact details, so it survives erasure.
consent_records = Table(
    "consent_records", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("contributor_id", String(36), ForeignKey("contributors.contributor_id"),
           nullable=False, index=True),
    Column("contact_about_outcomes", Boolean, nullable=False),
    Column("quote_anonymously", Boolean, nullable=False),
    Column("consent_method", String(20), nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
)

inputs = Table(
    "inputs", metadata,
    Column("input_id", String(36), primary_key=True),
    Column("partner_id", String(36), ForeignKey("partners.partner_id"), nullable=False),
    Column("contributor_id", String(36), ForeignKey("contributors.contributor_id"), nullable=True),
    Column("programme", String(200), nullable=False),
    Column("summary", String(500), nullable=False),
    Column("body", Text, nullable=True),
    Column("engagement_method", String(30), nullable=False),
    Column("participation_level", String(30), nullable=False),
    Column("shared_decision_stage", String(30), nullable=True),
    Column("gathered_on", Date, nullable=False),
    Column("submitted_at", UtcDateTime(), nullable=False),
    Column("status", String(30), nullable=False),
    Column("withdrawn_at", UtcDateTime(), nullable=True),
    Column("withdrawal_reason", Text, nullable=True),
    Index("ix_inputs_partner_page", "partner_id", "submitted_at", "input_id"),
    Index("ix_inputs_page", "submitted_at", "input_id"),
)

input_topics = Table(
    "input_topics", metadata,
    Column("input_id", String(36), ForeignKey("inputs.input_id"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("topic", String(100), nullable=False, index=True),
)

input_status_history = Table(
    "input_status_history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("input_id", String(36), ForeignKey("inputs.input_id"), nullable=False, index=True),
    Column("status", String(30), nullable=False),
    Column("changed_at", UtcDateTime(), nullable=False),
    Column("cause", String(100), nullable=False),
)

# One row per (decision, input): the latest revision of what the decision said about the input,
# and whether the contributor has been told. Decision columns stay NULL until the decision is
# seen (a notification may arrive first: different topics keep no order between them).
outcomes = Table(
    "outcomes", metadata,
    Column("decision_id", String(36), primary_key=True),
    Column("input_id", String(36), ForeignKey("inputs.input_id"), primary_key=True),
    Column("revision", Integer, nullable=True),
    Column("cited", Boolean, nullable=False),
    Column("influence", String(20), nullable=True),
    Column("explanation", Text, nullable=True),
    Column("decision_title", Text, nullable=True),
    Column("board_id", String(36), nullable=True),
    Column("board_name", Text, nullable=True),
    Column("decided_on", Date, nullable=True),
    Column("published_at", UtcDateTime(), nullable=True),
    Column("revised_at", UtcDateTime(), nullable=True),
    Column("public_url", Text, nullable=True),
    Column("notification_status", String(20), nullable=False),
    Column("notification_at", UtcDateTime(), nullable=True),
    Column("notification_detail", String(50), nullable=True),
    Column("told_at", UtcDateTime(), nullable=True),
    # the partner told the contributor themselves (the relay list), and how
    Column("relayed_at", UtcDateTime(), nullable=True),
    Column("relay_how", String(20), nullable=True),
    Index("ix_outcomes_input", "input_id"),
    # the relay list: outcomes nobody has told yet, in the order they came
    Index("ix_outcomes_untold", "told_at", "published_at", "decision_id", "input_id"),
)

# The first response to each Idempotency-Key, written in the same transaction as what it created.
idempotency_keys = Table(
    "idempotency_keys", metadata,
    Column("owner", String(80), primary_key=True),
    Column("idempotency_key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("response_status", Integer, nullable=False),
    Column("response_body", Text, nullable=False),
    Column("location", String(300), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
)

# contributors' answers about how their input was used, with their comment or question: for the
# partner only (notify's outcome-answered events); one per person per decision, the latest kept
contributor_answers = Table(
    "contributor_answers", metadata,
    Column("decision_id", String(36), primary_key=True),
    Column("contributor_id", String(36), ForeignKey("contributors.contributor_id"), primary_key=True),
    Column("partner_id", String(36), nullable=False),
    Column("answer", String(10), nullable=False),
    Column("comment", Text, nullable=True),
    Column("answered_at", UtcDateTime(), nullable=False),
    Index("ix_contributor_answers_partner", "partner_id", "answered_at", "decision_id", "contributor_id"),
)
