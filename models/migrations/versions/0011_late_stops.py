"""stopped clocks indexed by when they stopped: the sweep finds a deadline met late by when
it was met (the last LATE_STOP_DAYS), however long after the deadline that was; alarms by
acknowledgement: the open ones are read without the acknowledged

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_clocks_status_stopped", "clocks", ["status", "stopped_at"])
    op.create_index("ix_alarms_acknowledged_at", "alarms", ["acknowledged_at"])


def downgrade() -> None:
    op.drop_index("ix_alarms_acknowledged_at", table_name="alarms")
    op.drop_index("ix_clocks_status_stopped", table_name="clocks")
