"""the statistics' day roll-up: each finished day's figures kept (stats_days, stats_built),
and triggers that mark from when they may have changed (stats_stale) whenever a case's rows
change, however they are written; running clocks indexed by time for the alarm sweep

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# The tables whose rows a case's figures are counted from; all but incidents hold the case
# in incident_id. A case's events all come after its report (received_at), so a change to
# any of its rows can only change the days from its received day on.
CHILDREN = ("tasks", "clocks", "alarms", "revisits")
TABLES = ("incidents", *CHILDREN)

# The columns the statistics read (console/stats/queries.py): an UPDATE of any other (a
# version, a note, an alarm's repeat) marks nothing.
COLUMNS = {
    "incidents": ("plan_id", "channel", "level_id", "type_id", "contact_key", "location", "demands",
                  "received_at", "responded_at", "closed_at"),
    "tasks": ("incident_id", "group_id", "state"),
    "clocks": ("incident_id", "task_id", "status", "due_at", "stopped_at", "paused_at"),
    "alarms": ("incident_id", "kind", "group_id", "step", "escalated_at", "acknowledged_at", "raised_at"),
    "revisits": ("incident_id", "at", "result"),
}  # fmt: skip

# PostgreSQL: one mark per transaction and time. The earliest time this transaction has
# marked is kept in a transaction-local setting (no scan of the marks): a later change of a
# case received no earlier is covered. Another transaction's mark must not stand in for it:
# a statistics reader may have read that one in a snapshot that holds neither change, and
# clear it. SECURITY DEFINER: it runs as the owner, so a seat's login needs no grant on the
# marks to write a case (nor a GRANT run again after this migration to keep working).
PG_FUNCTION = """
CREATE FUNCTION stats_mark_stale() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    since timestamp;
    marked text;
BEGIN
    IF TG_TABLE_NAME = 'incidents' THEN
        IF TG_OP = 'INSERT' THEN since := NEW.received_at;
        ELSIF TG_OP = 'DELETE' THEN since := OLD.received_at;
        ELSE since := LEAST(OLD.received_at, NEW.received_at);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT received_at INTO since FROM incidents WHERE id = OLD.incident_id;
    ELSE
        SELECT received_at INTO since FROM incidents WHERE id = NEW.incident_id;
    END IF;
    IF since IS NULL THEN
        RETURN NULL;
    END IF;
    marked := current_setting('console.stats_marked', true);
    IF marked IS NULL OR marked = '' OR since < marked::timestamp THEN
        INSERT INTO stats_stale (at, tx) VALUES (since, txid_current());
        PERFORM set_config('console.stats_marked', since::text, true);
    END IF;
    RETURN NULL;
END
$$
"""


def _sqlite_trigger(table: str, what: str) -> str:
    """SQLite has no transaction id: there every row written marks."""
    row = "OLD" if what == "DELETE" else "NEW"
    if table == "incidents":
        since = {"INSERT": "NEW.received_at", "DELETE": "OLD.received_at"}.get(
            what, "min(OLD.received_at, NEW.received_at)"
        )
        source = f"SELECT {since} AS at"
    else:
        source = f"SELECT received_at AS at FROM incidents WHERE id = {row}.incident_id"
    event = f"UPDATE OF {', '.join(COLUMNS[table])}" if what == "UPDATE" else what
    return (
        f"CREATE TRIGGER stats_stale_{table}_{what.lower()} AFTER {event} ON {table} "
        f"FOR EACH ROW BEGIN INSERT INTO stats_stale (at) SELECT m.at FROM ({source}) AS m "
        "WHERE m.at IS NOT NULL; END"
    )


def upgrade() -> None:
    op.create_table(
        "stats_days",
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("close", sa.LargeBinary(), nullable=False),
        sa.Column("response", sa.LargeBinary(), nullable=False),
        sa.Column("late", sa.LargeBinary(), nullable=False),
        sa.Column("ack", sa.LargeBinary(), nullable=False),
        sa.Column("contacts", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("offset_minutes", "day", "dim", "plan_id", "key"),
    )
    op.create_table(
        "stats_built",
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("dim", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("offset_minutes", "day", "dim"),
    )
    op.create_table(
        "stats_stale",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("tx", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_stats_stale_at", "stats_stale", ["at"])
    # the sweep's and the scheduler's running clocks by time (not every running clock)
    op.create_index("ix_clocks_status_due", "clocks", ["status", "due_at"])
    op.create_index("ix_clocks_status_warn", "clocks", ["status", "warn_at"])
    # bumped by every reader that clears marks: a reader stores what it built only if no
    # other cleared marks since it read (its snapshot may lack what those marked)
    op.create_table(
        "stats_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO stats_state (id, generation) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for table in TABLES:
            op.execute(f"CREATE TRIGGER stats_stale_{table} AFTER INSERT OR UPDATE OF "
                       f"{', '.join(COLUMNS[table])} OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION stats_mark_stale()")  # fmt: skip
    else:
        for table in TABLES:
            for what in ("INSERT", "UPDATE", "DELETE"):
                op.execute(_sqlite_trigger(table, what))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS stats_stale_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS stats_mark_stale()")
    else:
        for table in TABLES:
            for what in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS stats_stale_{table}_{what}")
    op.drop_index("ix_clocks_status_warn", table_name="clocks")
    op.drop_index("ix_clocks_status_due", table_name="clocks")
    op.drop_table("stats_state")
    op.drop_index("ix_stats_stale_at", table_name="stats_stale")
    op.drop_table("stats_stale")
    op.drop_table("stats_built")
    op.drop_table("stats_days")
