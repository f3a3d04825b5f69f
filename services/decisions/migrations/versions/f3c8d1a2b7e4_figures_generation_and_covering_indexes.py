"""figures generation and fully covering indexes for the accountability figures

figures_generation: one row whose number moves on, in the same transaction, with every change to
a table the figures read (triggers), so a report computed in one snapshot can be reused while the
number it saw is still the current one. On PostgreSQL the trigger is a deferred constraint
trigger that moves the number once per transaction, at commit: it takes the row's lock only as
the transaction's last act, so two writers never wait for each other while holding it.

The programme and partner indexes of inputs also INCLUDE not_wanted_at and contributor_id
(added since b71dbf5a5f28), so the figures are index-only scans again on PostgreSQL.

Revision ID: f3c8d1a2b7e4
Revises: e4a1c7d2b9f0
Create Date: 2026-12-03 13:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'f3c8d1a2b7e4'
down_revision = 'e4a1c7d2b9f0'
branch_labels = None
depends_on = None

TABLES = ("inputs", "outcome_links", "outcomes", "notification_inputs", "notification_outcomes",
          "boards", "board_programmes", "partners")
OLD_FIGURES = ['participation_level', 'withdrawn_at', 'first_outcome_published_at', 'closed_at']
FIGURES = [*OLD_FIGURES, 'not_wanted_at', 'contributor_id']
BUMP = "UPDATE figures_generation SET generation = generation + 1 WHERE id = 1"
# once per transaction: a transaction-local setting remembers that this one has moved it on
PG_FUNCTION = f"""
CREATE FUNCTION heard_figures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('heard.figures_changed', true) IS DISTINCT FROM txid_current()::text THEN
    {BUMP};
    PERFORM set_config('heard.figures_changed', txid_current()::text, true);
  END IF;
  RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_table(
        'figures_generation',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('generation', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.execute("INSERT INTO figures_generation (id, generation) VALUES (1, 0)")
    _covering_indexes(FIGURES)  # first: should SQLite's batch mode copy the table, triggers come after
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(PG_FUNCTION)
    for table in TABLES:
        if postgresql:
            op.execute(f"CREATE CONSTRAINT TRIGGER figures_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
                       "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION heard_figures_changed()")
            continue
        for change in ("INSERT", "UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER figures_changed_{table}_{change.lower()} AFTER {change} ON {table} "
                       f"BEGIN {BUMP}; END")


def downgrade() -> None:
    _covering_indexes(OLD_FIGURES)
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgresql:
            op.execute(f"DROP TRIGGER figures_changed ON {table}")
            continue
        for change in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER figures_changed_{table}_{change}")
    if postgresql:
        op.execute("DROP FUNCTION heard_figures_changed()")
    op.drop_table('figures_generation')


def _covering_indexes(figures: list[str]) -> None:
    with op.batch_alter_table('inputs', schema=None) as batch_op:
        batch_op.drop_index('ix_inputs_programme_submitted')
        batch_op.create_index('ix_inputs_programme_submitted', ['programme', 'submitted_at', 'input_id'],
                              unique=False, postgresql_include=['partner_id', *figures])
        batch_op.drop_index('ix_inputs_partner')
        batch_op.create_index('ix_inputs_partner', ['partner_id', 'submitted_at', 'input_id'],
                              unique=False, postgresql_include=['programme', *figures])
