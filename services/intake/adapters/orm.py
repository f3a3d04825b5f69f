"""Intake's tables. Intake owns partners, contributors (the only personal data) and inputs."""
from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table

from services.common.db.tables import add_shared_tables
from services.common.db.types import UtcDateTime

metadata = MetaData()
add_shared_tables(metadata)

partners = Table(
    "partners", metadata,
    Column("partner_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("contact_email", String(320), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)
