"""Notify's tables: the contact directory, notification records, unsubscribes."""
from __future__ import annotations

from sqlalchemy import MetaData

from services.common.db.tables import add_shared_tables

metadata = MetaData()
add_shared_tables(metadata)
