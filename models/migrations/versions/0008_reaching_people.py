"""reaching people off their seats: notification channels, the message outbox, the
call-out roll (到位确认), people's own addresses, and when an alarm was last sent on

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("mobile", sa.String(length=32), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("email", sa.String(length=255), nullable=False, server_default="")
        )
    with op.batch_alter_table("alarms") as batch:
        batch.add_column(sa.Column("notified_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("repeats", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("masked", sa.Text(), nullable=False),
        sa.Column("scheme", sa.String(length=32), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("removed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_channels"),
    )
    op.create_index("ix_channels_name", "channels", ["name"])
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("alarm_id", sa.Integer(), nullable=True),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.Column("target", sa.String(length=255), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("next_at", UTCDateTime(), nullable=False),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["alarm_id"], ["alarms.id"], name="fk_messages_alarm_id_alarms"),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name="fk_messages_incident_id_incidents"
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channels.id"], name="fk_messages_channel_id_channels"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
        sa.UniqueConstraint("key", name="uq_messages_key"),
    )
    op.create_index("ix_messages_alarm_id", "messages", ["alarm_id"])
    op.create_index("ix_messages_incident_id", "messages", ["incident_id"])
    op.create_index("ix_messages_state_next_at", "messages", ["state", "next_at"])
    op.create_table(
        "callouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("called_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=True),
        sa.Column("checked_in_at", UTCDateTime(), nullable=True),
        sa.Column("via", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name="fk_callouts_incident_id_incidents"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_callouts"),
        sa.UniqueConstraint("incident_id", "user_name", name="uq_callouts_incident_id"),
    )
    op.create_index("ix_callouts_incident_id", "callouts", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_callouts_incident_id", table_name="callouts")
    op.drop_table("callouts")
    op.drop_index("ix_messages_state_next_at", table_name="messages")
    op.drop_index("ix_messages_incident_id", table_name="messages")
    op.drop_index("ix_messages_alarm_id", table_name="messages")
    op.drop_table("messages")
    op.drop_index("ix_channels_name", table_name="channels")
    op.drop_table("channels")
    with op.batch_alter_table("alarms") as batch:
        batch.drop_column("repeats")
        batch.drop_column("notified_at")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
        batch.drop_column("mobile")
