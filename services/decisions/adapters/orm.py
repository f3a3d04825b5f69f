"""Decisions' tables: boards, decisions, influence links and their history, the input read model."""
from __future__ import annotations

from sqlalchemy import (
    JSON, BigInteger, Boolean, Column, Date, ForeignKey, ForeignKeyConstraint, Index, Integer, MetaData,
    String, Table, Text,
)

from services.common.db.tables import add_shared_tables, idempotency_table
from services.common.db.types import UtcDateTime

metadata = MetaData()
add_shared_tables(metadata)
idempotency_table(metadata)  # first responses to Idempotency-Key requests

# -- boards and their decisions: written by the API -----------------------------------------------
boards = Table(
    "boards", metadata,
    Column("board_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("slug", String(200), nullable=False, unique=True),
    Column("organisation", String(200), nullable=False),
    Column("outcome_due_days", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("status", String(20), nullable=False, server_default="active"),  # active | retired
    Column("retired_at", UtcDateTime(), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=True),  # the last change after registration
)

# the registered programmes; their names are what input, decisions and board_programmes carry
programmes = Table(
    "programmes", metadata,
    Column("programme_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("slug", String(200), nullable=False, unique=True),
    Column("description", Text, nullable=False),
    Column("status", String(20), nullable=False),  # open | closed
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # co-production: the commissioning stage at which its contributors shared decision-making
    Column("shared_decision_stage", String(30), nullable=True),
    Index("ix_programmes_created", "created_at", "programme_id"),
)

board_programmes = Table(
    "board_programmes", metadata,
    Column("board_id", String(36), ForeignKey("boards.board_id"), primary_key=True),
    Column("programme", String(200), primary_key=True),
)

decisions = Table(
    "decisions", metadata,
    Column("decision_id", String(36), primary_key=True),
    Column("board_id", String(36), ForeignKey("boards.board_id"), nullable=False),
    Column("programme", String(200), nullable=False),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False),
    Column("rationale", Text, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("review_on", Date, nullable=True),
    Column("status", String(20), nullable=False),  # draft | published
    Column("no_input_considered", Boolean, nullable=False, default=False),
    Column("revision", Integer, nullable=False, default=0),  # 0 while a draft
    Column("created_at", UtcDateTime(), nullable=False),
    Column("published_at", UtcDateTime(), nullable=True),
    Index("ix_decisions_board_created", "board_id", "created_at", "decision_id"),
    Index("ix_decisions_board_programme", "board_id", "programme"),
)

# the current links: edited freely while a draft, replaced by each revision after publication
decision_links = Table(
    "decision_links", metadata,
    Column("decision_id", String(36), ForeignKey("decisions.decision_id"), primary_key=True),
    Column("input_id", String(36), primary_key=True),
    Column("influence", String(20), nullable=False),
    Column("explanation", Text, nullable=False),
    Column("linked_at", UtcDateTime(), nullable=False),
)

# append-only: what the board claimed at each revision, and why it changed
decision_revisions = Table(
    "decision_revisions", metadata,
    Column("decision_id", String(36), ForeignKey("decisions.decision_id"), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("reason", Text, nullable=True),  # NULL for the first publication
    Column("no_input_considered", Boolean, nullable=False),
    Column("changed_input_ids", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    # a correction of the decision's wording: [{field, before, after}] (NULL: none)
    Column("corrections", JSON, nullable=True),
)

revision_links = Table(
    "revision_links", metadata,
    Column("decision_id", String(36), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("input_id", String(36), primary_key=True),
    Column("influence", String(20), nullable=False),
    Column("explanation", Text, nullable=False),
    ForeignKeyConstraint(["decision_id", "revision"],
                         ["decision_revisions.decision_id", "decision_revisions.revision"]),
)

progress_entries = Table(
    "progress_entries", metadata,
    Column("entry_id", String(36), primary_key=True),
    Column("decision_id", String(36), ForeignKey("decisions.decision_id"), nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("previous_status", String(20), nullable=True),
    Column("percent", Integer, nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Index("ux_progress_decision_sequence", "decision_id", "sequence", unique=True),
)

# -- the read model, rebuilt from events alone ----------------------------------------------------
# Inputs (content, never contact details), partners, published outcomes and notification outcomes.
# Only the consumer and the shared apply functions write these, so re-reading the topics into an
# empty database gives the same rows whatever order the topics interleave in.

partners = Table(
    "partners", metadata,
    Column("partner_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("registered_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=True),  # when the name shown took effect (NULL: at registration)
)

# every column of inputs the accountability figures read besides the index keys
FIGURE_COLUMNS = ["participation_level", "withdrawn_at", "first_outcome_published_at", "closed_at",
                  "not_wanted_at", "contributor_id"]

inputs = Table(
    "inputs", metadata,
    Column("input_id", String(36), primary_key=True),
    Column("partner_id", String(36), nullable=False),
    Column("contributor_id", String(36), nullable=True),
    Column("programme", String(200), nullable=False),
    Column("summary", String(500), nullable=False),
    Column("body", Text, nullable=True),
    Column("engagement_method", String(40), nullable=False),
    Column("participation_level", String(40), nullable=False),
    Column("gathered_on", Date, nullable=False),
    Column("submitted_at", UtcDateTime(), nullable=False),
    Column("quote_anonymously", Boolean, nullable=False),
    Column("withdrawn_at", UtcDateTime(), nullable=True),
    # for the accountability figures: first public outcome, and when the loop closed
    Column("first_outcome_published_at", UtcDateTime(), nullable=True),
    Column("closed_at", UtcDateTime(), nullable=True),  # told: by email, or by their partner
    # the contributor did not want to be told (no consent, unsubscribed, erased): its own line
    Column("not_wanted_at", UtcDateTime(), nullable=True),
    # the accountability figures for a programme (or a board's programmes) or a partner read only
    # these two indexes (PostgreSQL: index-only scans over the INCLUDEd columns)
    Index("ix_inputs_programme_submitted", "programme", "submitted_at", "input_id",
          postgresql_include=["partner_id", *FIGURE_COLUMNS]),
    Index("ix_inputs_submitted", "submitted_at", "input_id"),
    Index("ix_inputs_first_outcome", "first_outcome_published_at"),
    Index("ix_inputs_closed", "closed_at"),
    Index("ix_inputs_partner", "partner_id", "submitted_at", "input_id",
          postgresql_include=["programme", *FIGURE_COLUMNS]),
    Index("ix_inputs_contributor", "contributor_id"),
)

input_topics = Table(
    "input_topics", metadata,
    Column("input_id", String(36), primary_key=True),
    Column("topic", String(100), primary_key=True),
    Index("ix_input_topics_topic", "topic", "input_id"),
)

# facts that may arrive before the input they concern (topics interleave on a replay)
input_withdrawals = Table(
    "input_withdrawals", metadata,
    Column("input_id", String(36), primary_key=True),
    Column("withdrawn_at", UtcDateTime(), nullable=False),
)

contributor_consents = Table(
    "contributor_consents", metadata,
    Column("contributor_id", String(36), primary_key=True),
    Column("quote_anonymously", Boolean, nullable=False),
    Column("changed_at", UtcDateTime(), nullable=False),
    # who the board workspace can say will be told: flags only, never an address (NULL: unknown,
    # from an event written before intake sent them)
    Column("contact_about_outcomes", Boolean, nullable=True),
    Column("has_email", Boolean, nullable=True),
    Column("accessible_format", String(20), nullable=True),
    Column("email_frequency", String(20), nullable=True),
)

# published outcomes, from decisions' own outcome events: one row per decision, one per claim
outcomes = Table(
    "outcomes", metadata,
    Column("decision_id", String(36), primary_key=True),
    Column("board_id", String(36), nullable=False),
    Column("programme", String(200), nullable=False),
    Column("revision", Integer, nullable=False),  # the latest revision seen
    Column("published_at", UtcDateTime(), nullable=True),  # from the outcome-published event
    Column("updated_at", UtcDateTime(), nullable=False),
    Index("ix_outcomes_board", "board_id"),
)

# a claim is current while its revision is the decision's latest one
outcome_links = Table(
    "outcome_links", metadata,
    Column("decision_id", String(36), primary_key=True),
    Column("input_id", String(36), primary_key=True),
    Column("influence", String(20), nullable=False),
    Column("revision", Integer, nullable=False),  # the latest revision that made this claim
    Column("first_published_at", UtcDateTime(), nullable=False),
    Index("ix_outcome_links_input", "input_id", "decision_id", "revision"),
)

notification_outcomes = Table(
    "notification_outcomes", metadata,
    Column("notification_id", String(36), primary_key=True),
    Column("status", String(20), primary_key=True),  # sent | failed | suppressed
    Column("decision_id", String(36), nullable=False),
    Column("board_id", String(36), nullable=False),
    Column("contributor_id", String(36), nullable=False),
    Column("partner_id", String(36), nullable=False),
    Column("input_ids", JSON, nullable=False),
    Column("trigger", String(20), nullable=False),
    Column("reason", String(500), nullable=True),
    Column("at", UtcDateTime(), nullable=False),
    Index("ix_notification_outcomes_decision", "decision_id"),
    Index("ix_notification_outcomes_partner", "partner_id", "at"),
)

# one row per input a notification was about, so an input's closed_at is one indexed look-up
notification_inputs = Table(
    "notification_inputs", metadata,
    Column("notification_id", String(36), primary_key=True),
    Column("status", String(20), primary_key=True),
    Column("input_id", String(36), primary_key=True),
    Column("at", UtcDateTime(), nullable=False),
    Index("ix_notification_inputs_input", "input_id", "status"),
)

# -- the board workspace: signed-in browsers. Only a hash of the session id is kept, so a copy of
# the table signs nobody in; the key itself is never stored, only which key signed in.
board_sessions = Table(
    "board_sessions", metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("key_id", String(36), nullable=False),
    Column("board_id", String(36), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("last_seen_at", UtcDateTime(), nullable=False),
    Column("notice", Text, nullable=True),  # one message for the next page shown
    Index("ix_board_sessions_key", "key_id"),
)

# a partner told the contributor an outcome themselves (intake's outcome-relayed events)
input_relays = Table(
    "input_relays", metadata,
    Column("relay_id", String(36), primary_key=True),
    Column("input_id", String(36), primary_key=True),
    Column("decision_id", String(36), nullable=False),
    Column("how", String(20), nullable=False),
    Column("relayed_at", UtcDateTime(), nullable=False),
    Index("ix_input_relays_input", "input_id", "relayed_at"),
)

# contributors' answers about how their input was used (notify's outcome-answered events): the
# answer only, never the comment; one per person per decision, the latest kept
outcome_answers = Table(
    "outcome_answers", metadata,
    Column("decision_id", String(36), primary_key=True),
    Column("contributor_id", String(36), primary_key=True),
    Column("board_id", String(36), nullable=False),
    Column("answer", String(10), nullable=False),
    Column("answered_at", UtcDateTime(), nullable=False),
    Index("ix_outcome_answers_board", "board_id"),
)

# One row: a number that every change to a table the accountability figures or the public pages
# read moves on, in the same transaction (database triggers, migrations f3c8d1a2b7e4 and
# a9e3c5d7f101). A report read in one snapshot with the number it saw, or a page built after
# reading it, can be reused while the number stays the same.
FIGURE_TABLES = ("inputs", "outcome_links", "outcomes", "notification_inputs", "notification_outcomes",
                 "boards", "board_programmes", "partners")
figures_generation = Table(
    "figures_generation", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("generation", BigInteger, nullable=False),
)
