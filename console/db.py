"""Engines and migrations. SQLite (the default, one seat) runs in WAL mode with foreign
keys on, and write transactions take the write lock up front (BEGIN IMMEDIATE) so two
processes never deadlock upgrading a read lock. Any SQLAlchemy URL works by --db."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

APP_NAME = "incident-console"
MIGRATIONS = Path(__file__).resolve().parent.parent / "models" / "migrations"
# The newest migration's revision (tests/test_schema.py holds it to Alembic's head): a seat
# whose database is up to date opens without loading Alembic and its scripts.
SCHEMA_HEAD = "0012"


def data_dir() -> Path:
    """The user data folder (CONSOLE_DATA_DIR overrides it, e.g. for tests)."""
    override = os.environ.get("CONSOLE_DATA_DIR")
    path = Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'console.db'}"


# A seat must notice a lost server in seconds: keepalives for an idle socket, and
# tcp_user_timeout for one with unacknowledged data (a busy socket on a cut network).
PG_CONNECT_ARGS = {"connect_timeout": 3, "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
                   "keepalives_count": 2, "tcp_user_timeout": 5000}  # fmt: skip


def in_memory(url: str) -> bool:
    """A SQLite database in this process's memory: no other process, nor connection, opens it."""
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and (
        parsed.database in (None, "", ":memory:") or "mode=memory" in url
    )


def make_engine(url: str, *, immediate: bool = True) -> Engine:
    """An engine; for SQLite, `immediate` makes every transaction a write transaction."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        args = {**PG_CONNECT_ARGS, "application_name": APP_NAME}
        return create_engine(url, pool_pre_ping=True, connect_args=args)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    kwargs: dict = {"connect_args": {"timeout": 30, "check_same_thread": False}}
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:  # one in-memory database shared by every thread (the scheduler's too)
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        # FULL: a commit is on disk when the seat says "saved", even across a power cut
        # (NORMAL in WAL mode survives a crashed process but may lose the last commits).
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision; None for a database without one (new)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None  # nothing migrated yet
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: Engine) -> bool:
    """Brings the schema to the newest migration; True when anything ran."""
    if current_revision(engine) == SCHEMA_HEAD:
        return False
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database migrated to %s", head_revision())
    return True


def _ident(name: str) -> str:
    """`name` as a PostgreSQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    """`value` as a PostgreSQL string literal."""
    return "'" + value.replace("'", "''") + "'"


SEAT_READS_ONLY = ("api_tokens", "channels", "console_settings")
# Evidence and 回访 results are added, never edited or deleted, by a seat.
SEAT_APPENDS = ("attachments", "revisits")


def may_administer(engine: Engine) -> bool:
    """The connection may act as the local administrator: SQLite (whoever can write the
    file), or a PostgreSQL role that may write the API tokens (the owner; not a seat)."""
    if engine.dialect.name != "postgresql":
        return True
    from sqlalchemy import text

    with engine.connect() as conn:
        return bool(
            conn.execute(text("SELECT has_table_privilege('api_tokens', 'INSERT')")).scalar()
        )


def seat_role_sql(role: str, password: str, database: str) -> list[str]:
    """The statements that make `role` a seat's login on PostgreSQL database `database`
    (README, "Database roles on PostgreSQL"), run there by a superuser after `migrate`:
    no DDL; every console table read and written, except the audit log, which it may only
    read and append to, nor evidence and 回访 results, which it may only add; the schema's version, the database's settings (a sandbox) and the
    API tokens read only (the owner's `migrate --sandbox` and `users token` write them);
    the users read, and of them only the sign-in lockout written (people and passwords are
    the owner's: a seat's login cannot set anyone's password hash).
    Run the GRANTs again after a migration that adds a table."""
    from models import Base

    r = _ident(role)
    owners = {"audit_log", "users", *SEAT_READS_ONLY, *SEAT_APPENDS}
    tables = ", ".join(sorted(t for t in Base.metadata.tables if t not in owners))
    return [
        f"CREATE ROLE {r} LOGIN PASSWORD {_literal(password)}",
        f"GRANT CONNECT ON DATABASE {_ident(database)} TO {r}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"GRANT SELECT ON alembic_version, {', '.join(sorted(SEAT_READS_ONLY))} TO {r}",
        f"GRANT SELECT, INSERT ON audit_log, {', '.join(sorted(SEAT_APPENDS))} TO {r}",
        f"GRANT SELECT, UPDATE (failed_logins, locked_until) ON users TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {r}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {r}",
    ]


def create_database(
    server_url: str, prefix: str, template: str | None = None, *, name: str | None = None
) -> str:
    """A new PostgreSQL database (empty, or a copy of `template`) on the server that
    `server_url` reaches, with a unique name (or `name`); returns its URL. Raises when
    unreachable. For drills, tests and benchmarks; a command room creates its database
    once (README)."""
    import uuid

    from sqlalchemy import text
    from sqlalchemy.pool import NullPool

    name = name or f"{prefix}_{uuid.uuid4().hex[:10]}"
    server = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool,
                           connect_args={"connect_timeout": 3})  # fmt: skip
    try:
        with server.connect() as conn:
            conn.execute(
                text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
            )
    finally:
        server.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, attempts: int = 5) -> None:
    """Drops the database `url` names (its connections too), retrying while the server may
    be restarting (the outage tests stop and start it)."""
    import time

    from sqlalchemy import text
    from sqlalchemy.pool import NullPool

    parsed = make_url(url)
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool,
                           connect_args={"connect_timeout": 3})  # fmt: skip
    try:
        for attempt in range(attempts):
            try:
                with server.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
                return
            except Exception:
                if attempt == attempts - 1:
                    raise
                time.sleep(1)
    finally:
        server.dispose()
