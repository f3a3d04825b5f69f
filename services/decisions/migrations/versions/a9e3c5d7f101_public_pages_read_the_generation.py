"""the figures generation moves on with every table the public pages read, not only the figures'

A public page (a programme's, a board's, a decision's) is then kept, rendered, while the number
it was built under is current: the decisions, their links and revisions, timelines, programmes
and contributors' answers join the tables of f3c8d1a2b7e4, with the same triggers.

Revision ID: a9e3c5d7f101
Revises: c1a7e5d3b202
Create Date: 2026-12-04 20:20:00
"""
from alembic import op

revision = 'a9e3c5d7f101'
down_revision = 'c1a7e5d3b202'
branch_labels = None
depends_on = None

TABLES = ("programmes", "decisions", "decision_links", "decision_revisions", "revision_links",
          "progress_entries", "outcome_answers")
BUMP = "UPDATE figures_generation SET generation = generation + 1 WHERE id = 1"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgresql:  # heard_figures_changed(): f3c8d1a2b7e4's, once per transaction at commit
            op.execute(f"CREATE CONSTRAINT TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION heard_figures_changed()")
            continue
        for change in ("INSERT", "UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER figures_changed_{table}_{change.lower()} AFTER {change} ON {table} "
                       f"BEGIN {BUMP}; END")


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgresql:
            op.execute(f"DROP TRIGGER figures_changed ON {table}")
            continue
        for change in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER figures_changed_{table}_{change}")
