"""drill sessions and their applied injects (a drill runs in a database of its own)

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

import models.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drill_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("scenario_name", sa.String(length=200), nullable=False),
        sa.Column("scenario", sa.Text(), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("speed", sa.Float(), nullable=False),
        sa.Column("sim_start", models.base.UTCDateTime(), nullable=False),
        sa.Column("sim_end", models.base.UTCDateTime(), nullable=False),
        sa.Column("anchor_sim", models.base.UTCDateTime(), nullable=False),
        sa.Column("anchor_wall", models.base.UTCDateTime(), nullable=False),
        sa.Column("started_by", sa.String(length=64), nullable=False),
        sa.Column("ended_at", models.base.UTCDateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_sessions")),
        sa.UniqueConstraint("name", name=op.f("uq_drill_sessions_name")),
    )
    op.create_table(
        "drill_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.Column("due_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("applied_at", models.base.UTCDateTime(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["drill_sessions.id"],
            name=op.f("fk_drill_events_session_id_drill_sessions"),
        ),  # fmt: skip
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_drill_events_incident_id_incidents")
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drill_events")),
        sa.UniqueConstraint("session_id", "key", name=op.f("uq_drill_events_session_id")),
    )
    op.create_index("ix_drill_events_session_id", "drill_events", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_drill_events_session_id", table_name="drill_events")
    op.drop_table("drill_events")
    op.drop_table("drill_sessions")
