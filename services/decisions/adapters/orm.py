"""Decisions' tables: boards, decisions, influence links and their history, the input read model."""
from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table

from services.common.db.tables import add_shared_tables
from services.common.db.types import UtcDateTime

metadata = MetaData()
add_shared_tables(metadata)

boards = Table(
    "boards", metadata,
    Column("board_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("slug", String(200), nullable=False, unique=True),
    Column("organisation", String(200), nullable=False),
    Column("outcome_due_days", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)
