"""a duty-log line names the audit entry written with it (the change bus reads them back)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("log_entries", sa.Column("audit_seq", sa.Integer(), nullable=True))
    op.create_index("ix_log_entries_audit_seq", "log_entries", ["audit_seq"])


def downgrade() -> None:
    op.drop_index("ix_log_entries_audit_seq", table_name="log_entries")
    with op.batch_alter_table("log_entries") as batch:
        batch.drop_column("audit_seq")
