"""the audit log is append-only in the database: on PostgreSQL a trigger refuses UPDATE,
DELETE and TRUNCATE of audit_log, whoever asks

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# The seats' role has no UPDATE, DELETE or TRUNCATE on audit_log (README, "Database roles
# on PostgreSQL"); the trigger refuses them to the owner and superusers as well, so an
# entry is not rewritten by a slip or a script. An owner can still disable the trigger on
# purpose (ALTER TABLE … DISABLE TRIGGER): that is what `audit verify` and the anchor
# printed on the handover sheet are for.
FUNCTION = """
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'audit entries are only ever added; a correction is a new entry';
END
$$
"""


def upgrade() -> None:
    # SQLite has no such thing to give: whoever holds the database file can do anything
    # with it (even rewrite it byte by byte). There the audit chain, and the anchor printed
    # on the handover sheet, are what show an edit.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(
        "CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update_or_delete ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
