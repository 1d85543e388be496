"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 07:22:26.471803
"""

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    # The chain starts at a genesis hash; writers lock this one row.
    audit_head = sa.table(
        "audit_head",
        sa.column("id", sa.Integer),
        sa.column("seq", sa.Integer),
        sa.column("hash", sa.String),
    )
    op.bulk_insert(audit_head, [{"id": 1, "seq": 0, "hash": "0" * 64}])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", models.base.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("level_id", sa.String(length=64), nullable=False),
        sa.Column("type_id", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reporter", sa.String(length=128), nullable=False),
        sa.Column("contact", sa.String(length=64), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("demands", sa.Text(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("mood", sa.String(length=64), nullable=False),
        sa.Column("received_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("milestones", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_state"), ["state"], unique=False)

    op.create_table(
        "shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer", sa.String(length=64), nullable=False),
        sa.Column("leader", sa.String(length=64), nullable=True),
        sa.Column("started_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("handed_over_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("incoming", sa.String(length=64), nullable=True),
        sa.Column("handed_over_by", sa.String(length=64), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shifts")),
    )
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shifts_started_at"), ["started_at"], unique=False)

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=True),
        sa.Column("org_role", sa.String(length=64), nullable=True),
        sa.Column("ab", sa.String(length=1), nullable=True),
        sa.Column("password_hash", sa.String(length=256), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "clocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("due_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("warn_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("unconfirmed", sa.Boolean(), nullable=False),
        sa.Column("paused_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("pause_reason", sa.Text(), nullable=False),
        sa.Column("stopped_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_clocks_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clocks")),
    )
    with op.batch_alter_table("clocks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clocks_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_clocks_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clocks_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_clocks_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clocks_warn_at"), ["warn_at"], unique=False)

    op.create_table(
        "log_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("at", models.base.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("significant", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_log_entries_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_entries")),
    )
    with op.batch_alter_table("log_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_log_entries_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_log_entries_incident_id"), ["incident_id"], unique=False
        )

    op.create_table(
        "clock_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clock_id", sa.Integer(), nullable=False),
        sa.Column("at", models.base.UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("due_before", models.base.UTCDateTime(), nullable=True),
        sa.Column("due_after", models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["clock_id"], ["clocks.id"], name=op.f("fk_clock_events_clock_id_clocks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_events")),
    )
    with op.batch_alter_table("clock_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clock_events_clock_id"), ["clock_id"], unique=False)

    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("role_id", sa.String(length=64), nullable=False),
        sa.Column("phase", sa.String(length=64), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=True),
        sa.Column("clock_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("done_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("done_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("block_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["clock_id"], ["clocks.id"], name=op.f("fk_tasks_clock_id_clocks")),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_tasks_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
        sa.UniqueConstraint("incident_id", "template_id", name=op.f("uq_tasks_incident_id")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_state"), ["state"], unique=False)

    op.create_table(
        "alarms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clock_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=True),
        sa.Column("role_id", sa.String(length=64), nullable=True),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("due_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("raised_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("escalated_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("shelved_until", models.base.UTCDateTime(), nullable=True),
        sa.Column("shelve_reason", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clock_id"], ["clocks.id"], name=op.f("fk_alarms_clock_id_clocks")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_alarms_incident_id_incidents")
        ),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_alarms_task_id_tasks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alarms")),
        sa.UniqueConstraint("clock_id", "kind", name=op.f("uq_alarms_clock_id")),
    )
    with op.batch_alter_table("alarms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alarms_clock_id"), ["clock_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alarms_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alarms_raised_at"), ["raised_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alarms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alarms_raised_at"))
        batch_op.drop_index(batch_op.f("ix_alarms_incident_id"))
        batch_op.drop_index(batch_op.f("ix_alarms_clock_id"))

    op.drop_table("alarms")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_state"))
        batch_op.drop_index(batch_op.f("ix_tasks_incident_id"))
        batch_op.drop_index(batch_op.f("ix_tasks_group_id"))

    op.drop_table("tasks")
    with op.batch_alter_table("clock_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clock_events_clock_id"))

    op.drop_table("clock_events")
    with op.batch_alter_table("log_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_log_entries_incident_id"))
        batch_op.drop_index(batch_op.f("ix_log_entries_at"))

    op.drop_table("log_entries")
    with op.batch_alter_table("clocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clocks_warn_at"))
        batch_op.drop_index(batch_op.f("ix_clocks_task_id"))
        batch_op.drop_index(batch_op.f("ix_clocks_status"))
        batch_op.drop_index(batch_op.f("ix_clocks_incident_id"))
        batch_op.drop_index(batch_op.f("ix_clocks_due_at"))

    op.drop_table("clocks")
    op.drop_table("users")
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shifts_started_at"))

    op.drop_table("shifts")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_state"))

    op.drop_table("incidents")
    op.drop_table("audit_log")
    op.drop_table("audit_head")
