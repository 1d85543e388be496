"""documents and statistics: reports upward (初报/续报/终报), frozen once signed; an
incident's first response and close as indexed columns, and its received time indexed,
for the statistics' aggregates

Revision ID: 0009
Revises: 0008
"""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# A signed report is what was sent: the database refuses to change or delete it, whoever
# asks (the services refuse first, with a message; this is for a slip or a script).
PG_FUNCTION = """
CREATE FUNCTION sitreps_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.signed_at IS NOT NULL THEN
        RAISE EXCEPTION 'sitrep % is signed: it cannot change', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "sitreps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("addressee", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("drafted_by", sa.String(length=64), nullable=False),
        sa.Column("drafted_at", UTCDateTime(), nullable=False),
        sa.Column("edited_by", sa.String(length=64), nullable=True),
        sa.Column("edited_at", UTCDateTime(), nullable=True),
        sa.Column("signed_by", sa.String(length=64), nullable=True),
        sa.Column("signed_at", UTCDateTime(), nullable=True),
        sa.Column("anchor", sa.String(length=80), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "kind", "number"),
    )
    op.create_index("ix_sitreps_incident_id", "sitreps", ["incident_id"])
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("responded_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("closed_at", UTCDateTime(), nullable=True))
    # the statistics' ranges, each index holding what they read beside the time
    op.create_index("ix_incidents_received_at", "incidents", ["received_at", "contact_key"])
    op.create_index("ix_incidents_responded_at", "incidents", ["responded_at", "received_at"])
    op.create_index("ix_incidents_closed_at", "incidents", ["closed_at", "received_at"])
    op.create_index(
        "ix_clocks_due_stats", "clocks", ["due_at", "status", "stopped_at", "paused_at", "task_id"]
    )
    op.create_index("ix_tasks_incident_group", "tasks", ["incident_id", "group_id", "state"])
    op.create_index("ix_revisits_at", "revisits", ["at"])
    _backfill()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute("CREATE TRIGGER sitreps_signed_frozen BEFORE UPDATE OR DELETE ON sitreps "
                   "FOR EACH ROW EXECUTE FUNCTION sitreps_frozen()")  # fmt: skip
    else:
        for what in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER sitreps_signed_frozen_{what.lower()} BEFORE {what} ON sitreps "
                       "FOR EACH ROW WHEN OLD.signed_at IS NOT NULL "
                       "BEGIN SELECT RAISE(ABORT, 'sitrep is signed: it cannot change'); END")  # fmt: skip


def _backfill() -> None:
    """The existing cases' first response (their first task done) and 结案 (its milestone)."""
    bind = op.get_bind()
    first = dict(bind.execute(sa.text(
        "SELECT incident_id, MIN(done_at) FROM tasks WHERE done_at IS NOT NULL GROUP BY incident_id")).all())  # fmt: skip
    for incident_id, stones in bind.execute(sa.text("SELECT id, milestones FROM incidents")).all():
        stones = json.loads(stones) if isinstance(stones, str) else (stones or {})
        closed = stones.get("state:closed")
        responded = first.get(incident_id)
        if closed is None and responded is None:
            continue
        bind.execute(UPDATE, {"c": _utc(closed), "r": _utc(responded), "i": incident_id})


UPDATE = sa.text("UPDATE incidents SET closed_at = :c, responded_at = :r WHERE id = :i").bindparams(
    sa.bindparam("c", type_=UTCDateTime()), sa.bindparam("r", type_=UTCDateTime())
)


def _utc(value: object) -> datetime | None:
    """An aware UTC time, from the milestone's ISO text or the column's stored value."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(str(value))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS sitreps_signed_frozen ON sitreps")
        op.execute("DROP FUNCTION IF EXISTS sitreps_frozen()")
    op.drop_index("ix_revisits_at", table_name="revisits")
    op.drop_index("ix_tasks_incident_group", table_name="tasks")
    op.drop_index("ix_clocks_due_stats", table_name="clocks")
    op.drop_index("ix_incidents_closed_at", table_name="incidents")
    op.drop_index("ix_incidents_responded_at", table_name="incidents")
    op.drop_index("ix_incidents_received_at", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("closed_at")
        batch.drop_column("responded_at")
    op.drop_index("ix_sitreps_incident_id", table_name="sitreps")
    op.drop_table("sitreps")
