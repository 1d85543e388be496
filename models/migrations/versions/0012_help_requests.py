"""求助: a group's request for the command's help with one of its tasks

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("asked_by", sa.String(length=64), nullable=False),
        sa.Column("asked_at", UTCDateTime(), nullable=False),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_at", UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"]),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_help_requests_incident_id", "help_requests", ["incident_id"])
    op.create_index("ix_help_requests_acknowledged_at", "help_requests", ["acknowledged_at"])


def downgrade() -> None:
    op.drop_index("ix_help_requests_acknowledged_at", table_name="help_requests")
    op.drop_index("ix_help_requests_incident_id", table_name="help_requests")
    op.drop_table("help_requests")
