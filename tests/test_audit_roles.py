"""On PostgreSQL the audit log cannot be rewritten quietly: a seat's database role
(`console.db.seat_role_sql`, README "Database roles on PostgreSQL") does a seat's work but
may only read and append to the audit log, and has no DDL; the append-only trigger
(migration 0006) refuses UPDATE, DELETE and TRUNCATE even to the owner. An owner who
disables the trigger on purpose can still edit: `audit verify` names the entry. Skipped
with the reason when no PostgreSQL is reachable (failed instead in CI)."""

import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.pool import NullPool

from console import audit, db
from console.context import open_app
from console.services import alarms, incidents, tasks, users
from console.services.demo import load_demo
from console.services.incidents import ReportInput
from console.services.sandbox import mark_sandbox
from console.time.source import FixedTime
from models import AuditEntry, Task
from tests.conftest import HIRED, local

REWRITES = {
    "UPDATE": "UPDATE audit_log SET actor = 'someone_else' WHERE seq = 3",
    "DELETE": "DELETE FROM audit_log WHERE seq = 3",
    "TRUNCATE": "TRUNCATE audit_log",
}


def as_psycopg(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def refused(url: str, sql: str) -> str:
    """The server's refusal of `sql` on `url` (fails the test when it is carried out)."""
    with (
        psycopg.connect(as_psycopg(url), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege) as refusal,
    ):
        conn.execute(sql)
    return str(refusal.value)


def entries(url: str) -> int:
    with psycopg.connect(as_psycopg(url), autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


@pytest.fixture
def seat_url(pg_url):
    """A seat's login on the test's database, made as the README makes one; the role is
    dropped again at the end (roles belong to the server, not to the database)."""
    role = f"console_seat_{uuid.uuid4().hex[:10]}"
    training = open_app(pg_url, FixedTime(HIRED))
    mark_sandbox(training)  # the owner's: a room for training, its demo played on a set clock
    training.time = FixedTime(local(2026, 11, 24, 10, 0))
    load_demo(training)  # people are the owner's to add: the demo's users and incidents
    training.close()
    owner = create_engine(pg_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    password = "seat-o'clock"  # quoted as a literal in CREATE ROLE
    with owner.connect() as conn:
        for statement in db.seat_role_sql(role, password, make_url(pg_url).database):
            conn.execute(text(statement))
    yield make_url(pg_url).set(username=role, password=password).render_as_string(False)
    with owner.connect() as conn:
        sessions = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"
        conn.execute(text(sessions), {"r": role})
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))
    owner.dispose()


@pytest.fixture
def seat(seat_url, tmp_path):
    """The console opened on the seat's login, as a seat starts it (the schema is current,
    so opening it runs no migration)."""
    app = open_app(seat_url, FixedTime(local(2026, 11, 24, 10, 0)), calendar_dir=tmp_path / "cal")
    yield app
    app.close()


def test_a_seat_does_a_seats_work_and_every_change_is_audited(seat):
    with pytest.raises(ProgrammingError, match="permission denied"):  # people: the owner's
        users.add_user(seat, "zhang", "wang_coord", "coordinator", group="onsite")
    iid = incidents.register(
        seat, "duty", ReportInput(plan="group_complaint", title="群体投诉", channel="onsite")
    ).id
    incidents.activate(seat, "zhang", iid)
    incidents.add_note(seat, "duty", iid, "代表三人已推选")
    with seat.read() as s:
        task = s.execute(select(Task).where(Task.incident_id == iid, Task.group_id == "onsite")
                         .order_by(Task.id).limit(1)).scalar_one()  # fmt: skip
    tasks.complete(seat, "zhao", task.id, note="已到场")
    seat.time.set(local(2026, 11, 24, 13, 0))
    swept = alarms.sweep(seat)  # warnings and lapses raised
    assert swept.raised
    alarms.ack(seat, "duty", swept.raised[0])
    with seat.read() as s:
        assert s.execute(text("SELECT current_user")).scalar_one() == make_url(seat.url).username
    with seat.read() as s:
        verdict = audit.verify(s)
    assert verdict.ok and verdict.entries > 50
    assert entries(seat.url) == verdict.entries


@pytest.mark.parametrize("how", list(REWRITES))
def test_a_seat_cannot_rewrite_the_audit_log(seat, how):
    before = entries(seat.url)
    message = refused(seat.url, REWRITES[how])
    assert "permission denied for table audit_log" in message
    assert entries(seat.url) == before
    with seat.read() as s:
        assert audit.verify(s).ok


def test_a_seat_cannot_rewrite_an_entry_through_the_console_either(seat):
    """The console's own write path, used as a careful forger would (edit, rehash)."""
    with (
        pytest.raises(ProgrammingError, match="permission denied for table audit_log"),
        seat.write() as s,
    ):
        e = s.execute(select(AuditEntry).where(AuditEntry.seq == 4)).scalar_one()
        e.after = "{}"
        e.hash = audit.entry_hash(e)
    with seat.read() as s:
        assert audit.verify(s).ok


@pytest.mark.parametrize("sql", [
    "CREATE TABLE notes (id integer)",
    "ALTER TABLE audit_log DISABLE TRIGGER USER",
    "DROP TRIGGER audit_log_no_update_or_delete ON audit_log",
    "ALTER TABLE tasks ADD COLUMN x integer",
    "DROP TABLE audit_log",
    "TRUNCATE tasks",
])  # fmt: skip
def test_a_seat_cannot_change_the_schema_or_switch_the_trigger_off(seat_url, sql):
    message = refused(seat_url, sql)
    assert "permission denied" in message or "must be owner" in message


def test_a_seat_cannot_move_the_schema_version(seat_url):
    message = refused(seat_url, "UPDATE alembic_version SET version_num = '0001'")
    assert "permission denied for table alembic_version" in message


@pytest.mark.parametrize("how", list(REWRITES))
def test_the_owner_is_refused_too_by_the_append_only_trigger(pg_url, how):
    app = open_app(pg_url, FixedTime(local(2026, 11, 24, 10, 0)))
    load_demo(app)
    app.close()
    before = entries(pg_url)
    assert f"audit_log is append-only: {how} refused" in refused(pg_url, REWRITES[how])
    assert entries(pg_url) == before


def test_an_owner_who_switches_the_trigger_off_on_purpose_is_caught_by_audit_verify(pg_url):
    """The owner can (a seat cannot): the trigger stops slips, `audit verify` the rest."""
    app = open_app(pg_url, FixedTime(local(2026, 11, 24, 10, 0)))
    load_demo(app)
    with psycopg.connect(as_psycopg(pg_url)) as conn:  # one transaction: off, edit, on again
        conn.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
        conn.execute("UPDATE audit_log SET actor = 'someone_else' WHERE seq = 7")
        conn.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
    with app.read() as s:
        verdict = audit.verify(s)
    assert not verdict.ok and verdict.broken_seq == 7 and "edited" in verdict.reason
    app.close()


def test_the_append_only_trigger_goes_with_a_downgrade(pg_url):
    from alembic import command

    engine = db.make_engine(pg_url)
    cfg = db._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    with engine.connect() as conn:
        names = conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
        assert list(names) == []
    assert db.migrate(engine)
    with engine.connect() as conn:
        names = conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars()
        # 0009's trigger that freezes a signed report upward, and 0010's that mark the
        # statistics' kept days stale, come back with the schema too
        assert sorted(names) == [
            "audit_log_no_truncate",
            "audit_log_no_update_or_delete",
            "sitreps_signed_frozen",
            *(f"stats_stale_{t}" for t in ("alarms", "clocks", "incidents", "revisits", "tasks")),
        ]
    engine.dispose()


def test_the_readme_lists_the_seat_roles_statements():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for statement in db.seat_role_sql("console_seat", "SEAT_PASSWORD", "console"):
        assert f"\n{statement};\n" in readme


def test_a_seat_s_shell_is_no_administrator(seat, seat_url, capsys, monkeypatch):
    """On a seat's login, leaving out --as does not make one the administrator: `users`
    commands need the owner's URL, and what the role may not write is exit 3, not a crash."""
    from console.cli import main
    from console.services.demo import DEMO_PASSWORD

    before = entries(seat_url)
    assert main(["--db", seat_url, "users", "add", "mallory", "--role", "leader"]) == 3
    assert "owner's URL" in capsys.readouterr().err
    monkeypatch.setenv("CONSOLE_PASSWORD", DEMO_PASSWORD)
    assert main(["--db", seat_url, "--as", "zhang", "users", "token", "duty"]) == 3
    assert "this database role may not do that" in capsys.readouterr().err
    assert entries(seat_url) == before


def test_a_seat_cannot_set_a_password_but_a_lockout_still_holds(seat, seat_url):
    """People and passwords are the owner's: a seat's login cannot write a password hash
    (someone holding it could otherwise sign in as the leader); it keeps the lockout."""
    from console.errors import PermissionDenied

    refusal = refused(seat_url, "UPDATE users SET password_hash = 'scrypt$x' WHERE name = 'zhang'")
    assert "permission denied" in refusal
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            users.authenticate(seat, "zhang", "guess-1234")
    with pytest.raises(PermissionDenied, match="locked"):
        users.authenticate(seat, "zhang", "demo1234")


def test_a_seat_made_before_the_statistics_roll_up_still_writes_cases_after_the_upgrade(pg_url):
    """A room's seat login made at 0009 (its GRANTs name no statistics table), then the
    owner migrates to 0010 without running the GRANTs again: the seat still registers,
    activates and completes, since the triggers that mark the kept days stale run as the
    owner; and its statistics read (without keeping the days, which it may not write)."""
    from datetime import date

    from alembic import command

    from console.services import stats

    engine = db.make_engine(pg_url)
    cfg = db._config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009")
    role = f"console_seat_{uuid.uuid4().hex[:10]}"
    owner = create_engine(pg_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with owner.connect() as conn:
        tables = ", ".join(sorted(t for t in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN "
            "('audit_log', 'users', 'alembic_version')")).scalars()))  # fmt: skip
        conn.execute(text(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'seat'"))
        conn.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO "{role}"'))
        conn.execute(text(f'GRANT SELECT, INSERT ON audit_log TO "{role}"'))
        conn.execute(text(f'GRANT SELECT, UPDATE ON users TO "{role}"'))
        conn.execute(text(f'GRANT SELECT ON alembic_version TO "{role}"'))
        conn.execute(text(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
    assert db.migrate(engine)  # the owner's upgrade; no GRANT run again
    engine.dispose()
    first = open_app(pg_url, FixedTime(HIRED))
    mark_sandbox(first)
    users.add_user(first, None, "zhang", "leader", password=None)
    first.close()
    seat_url = make_url(pg_url).set(username=role, password="seat").render_as_string(False)
    try:
        app = open_app(seat_url, FixedTime(local(2026, 11, 24, 10, 0)), migrate=False)
        inc = incidents.register(app, "zhang", ReportInput(plan="group_complaint", title="聚集",
                                                           channel="onsite", level="major"))  # fmt: skip
        incidents.activate(app, "zhang", inc.id)
        with app.read() as s:
            task = s.execute(select(Task).where(Task.incident_id == inc.id)).scalars().first()
        tasks.complete(app, "zhang", task.id, "已办")
        day = date(2026, 11, 24)
        assert stats.compute(app, "zhang", start=day, end=day).total.received == 1
        app.close()
    finally:
        with owner.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                         {"r": role})  # fmt: skip
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        owner.dispose()
