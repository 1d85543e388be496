"""the complaint's whole life: 订单号 and 被投诉人 at intake, the contact's digits and the
order number indexed (a complainant who comes back), per-case tasks' purpose and author, evidence kept
as bytes with their hash, and 回访 results

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(
            sa.Column("order_no", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("respondent", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("contact_key", sa.String(length=32), nullable=False, server_default="")
        )
    # the digits of the numbers already recorded (intake allows digits, spaces and + - ( ))
    digits = "contact"
    for ch in (" ", "-", "(", ")", "+"):
        digits = f"REPLACE({digits}, '{ch}', '')"
    op.execute(f"UPDATE incidents SET contact_key = {digits}")
    op.create_index("ix_incidents_contact_key", "incidents", ["contact_key"])
    op.create_index("ix_incidents_order_no", "incidents", ["order_no"])
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("detail", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("created_by", sa.String(length=64), nullable=True))
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=128), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=64), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name="fk_attachments_incident_id_incidents"
        ),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name="fk_attachments_task_id_tasks"),
        sa.PrimaryKeyConstraint("id", name="pk_attachments"),
    )
    op.create_index("ix_attachments_incident_id", "attachments", ["incident_id"])
    op.create_table(
        "revisits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("rehandle_round", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name="fk_revisits_incident_id_incidents"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_revisits"),
    )
    op.create_index("ix_revisits_incident_id", "revisits", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_revisits_incident_id", table_name="revisits")
    op.drop_table("revisits")
    op.drop_index("ix_attachments_incident_id", table_name="attachments")
    op.drop_table("attachments")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("created_by")
        batch.drop_column("detail")
    op.drop_index("ix_incidents_order_no", table_name="incidents")
    op.drop_index("ix_incidents_contact_key", table_name="incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("contact_key")
        batch.drop_column("respondent")
        batch.drop_column("order_no")
