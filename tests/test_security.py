"""Security, through the command line a script or an intruder would use: every role ×
every command that changes something, against the same EXPECTED table the services are
held to (tests/test_permissions.py); who may act without --as; unknown and deactivated
users; and passwords never stored, logged or printed in clear."""

import hashlib
import io
import json
import logging
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from console.cli import COMMANDS, main
from console.context import open_app
from console.drills.scenario import load_scenario
from console.errors import PermissionDenied
from console.journal import SYSTEM
from console.people.passwords import verify_password
from console.services import drills, incidents, shifts, sitreps, tasks, users
from console.services.incidents import ReportInput
from console.services.sandbox import mark_sandbox
from console.time.source import FixedTime
from tests.conftest import HIRED, STAFF, STAFF_HASH, add_staff, local
from tests.test_permissions import ACTORS, BRANCH_DRILL, EXPECTED, _plans, _setup

NOW = "2026-11-24T10:00:00+08:00"
DRILL = "secdrill"  # a headless drill session beside the database, paused at its start
YEAR_2027 = """year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知(示例)
holidays: [2027-01-01, 2027-10-01..2027-10-07]
workdays: [2027-10-09]
"""


# --- the database every test starts from: staff, incidents, an alarm, a drill ----------
def _copy_sqlite(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        if Path(f"{src}{suffix}").exists():
            shutil.copy(f"{src}{suffix}", f"{dst}{suffix}")


@dataclass(frozen=True)
class Template:
    folder: Path
    ids: dict[str, int]


@pytest.fixture(scope="module")
def template(tmp_path_factory, migrated_db) -> Template:
    """test_permissions' situation (a reported incident, an activated one with 维护现场秩序
    done, an onsite alarm from an older one) and a paused drill session whose database
    knows the same staff."""
    folder = tmp_path_factory.mktemp("security")
    shutil.copy(migrated_db, folder / "console.db")
    clock = FixedTime(local(2026, 11, 24, 10, 0))
    app = open_app(f"sqlite:///{folder / 'console.db'}", clock, calendar_dir=folder / "cal")
    app.time = FixedTime(HIRED)
    mark_sandbox(app)  # the command line's --now is honoured
    app.time = clock
    add_staff(app)
    reported, active, onsite = _setup(app, clock)
    typed = incidents.register(app, "duty1", ReportInput(plan="complaint_types", title="家长投诉补课费",
                                                         channel="phone", type="problem")).id  # fmt: skip
    evidence = folder / "现场照片.jpg"
    evidence.write_bytes(b"\xff\xd8\xff\xe0 a photo of the branch")
    draft = sitreps.add(app, "duty1", active, "first").id  # for `sitrep sign`
    onsite |= {"typed": typed, "draft": draft}
    scenario = load_scenario(BRANCH_DRILL, app.catalogue)
    drill = drills.start(app, "leader1", *scenario, mode="headless", name=DRILL)
    for name, role, group in STAFF:
        users.add_user(drill, None, name, role, group=group, password_hash=STAFF_HASH)
    drill.close()
    app.close()
    return Template(folder, {"reported": reported, "active": active, **onsite})


@dataclass
class Env:
    tmp: Path
    template: Template
    capsys: pytest.CaptureFixture

    @property
    def ids(self) -> dict[str, int]:
        return self.template.ids

    @property
    def path(self) -> Path:
        return self.tmp / "console.db"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    @property
    def drill_path(self) -> Path:
        return self.tmp / "drills" / f"{DRILL}.sqlite"

    def with_drill(self) -> None:
        _copy_sqlite(self.template.folder / "drills" / f"{DRILL}.sqlite", self.drill_path)

    def cli(self, *args: str, as_user: str | None = None) -> tuple[int, str, str]:
        argv = ["--db", self.url, "--now", NOW, *args]
        code = main([*argv, "--as", as_user] if as_user is not None else argv)
        out, err = self.capsys.readouterr()
        return code, out, err

    def app(self):  # type: ignore[no-untyped-def]
        return open_app(self.url, FixedTime(local(2026, 11, 24, 10, 0)))

    def rows(self, sql: str, *params: object, db: Path | None = None) -> list[tuple]:
        conn = sqlite3.connect(db or self.path)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def one(self, sql: str, *params: object, db: Path | None = None) -> object:
        (row,) = self.rows(sql, *params, db=db)
        return row[0] if len(row) == 1 else row

    def head(self, db: Path | None = None) -> int:
        if db is not None and not db.exists():
            return 0
        return self.one("SELECT seq FROM audit_head", db=db)  # type: ignore[return-value]

    def written_since(self, seq: int, db: Path | None = None) -> list[tuple[str, str, dict]]:
        """Audit entries after `seq`: (actor, action, after)."""
        rows = self.rows(
            "SELECT actor, action, after FROM audit_log WHERE seq > ? ORDER BY seq", seq, db=db
        )
        return [(actor, action, json.loads(after)) for actor, action, after in rows]

    def state(self) -> tuple:
        """Everything a command could have written: both databases, row by row, and the
        files it could have made (PDFs, an imported calendar, a drill database)."""

        def dump(db: Path) -> str:
            conn = sqlite3.connect(db)
            try:
                return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
            finally:
                conn.close()

        files = sorted(
            str(p.relative_to(self.tmp))
            for pattern in ("*.pdf", "data/calendars/*", "drills/*.sqlite")
            for p in self.tmp.glob(pattern)
        )
        drill = dump(self.drill_path) if self.drill_path.exists() else None
        return dump(self.path), drill, files


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setattr("console.context.load_catalogue", _plans)  # the plan files, read once
    monkeypatch.delenv("CONSOLE_USER", raising=False)
    monkeypatch.delenv("CONSOLE_DB", raising=False)
    monkeypatch.setenv("CONSOLE_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def env(template, tmp_path, capsys) -> Env:
    _copy_sqlite(template.folder / "console.db", tmp_path / "console.db")
    return Env(tmp_path, template, capsys)


# --- every command that changes something ----------------------------------------------
@dataclass(frozen=True)
class Command:
    row: str  # the EXPECTED row it is held to
    args: Callable[[Env], list[str]]
    effect: Callable[[Env], object]  # what it changes, read back from the database
    expect: Callable[[str], object]  # …once this user has done it
    prepare: Callable[[Env], None] | None = None  # done first, by someone allowed to
    db: str = "real"  # where it records: real, drill (the session's), new_drill (drill run)


def _prepare_resume(e: Env) -> None:
    app = e.app()
    tasks.pause(app, "leader1", e.ids["arrive_onsite"], "等待投诉代表到场")
    app.close()


def _prepare_plain_handover(e: Env) -> None:
    """A shift open, and no step in progress that the plan forbids handing over."""
    app = e.app()
    with app.read() as s:
        blocking = [t.id for t in shifts.blocking_tasks(app, s)]
    for task_id in blocking:
        tasks.complete(app, "leader1", task_id)
    shifts.start_shift(app, "duty1", "duty1")
    app.close()


def _prepare_forced_handover(e: Env) -> None:
    app = e.app()
    shifts.start_shift(app, "duty1", "duty1")
    app.close()


def _prepare_drill_running(e: Env) -> None:
    drill = drills.open_session(e.url, DRILL)
    drills.resume(drill, None)
    drill.close()


def _calendar_file(e: Env) -> str:
    path = e.tmp / "notice_2027.yaml"
    path.write_text(YEAR_2027, encoding="utf-8")
    return str(path)


def _task(e: Env, template_id: str, columns: str) -> object:
    return e.one(f"SELECT {columns} FROM tasks WHERE id = ?", e.ids[template_id])


def _clock(e: Env, kind: str) -> tuple[object, list]:
    """arrive_onsite's clock: its status, and who paused or resumed it."""
    clock_id = _task(e, "arrive_onsite", "clock_id")
    return (e.one("SELECT status FROM clocks WHERE id = ?", clock_id),
            e.rows("SELECT actor FROM clock_events WHERE clock_id = ? AND kind = ?", clock_id, kind))  # fmt: skip


def _printed(e: Env, name: str, action: str) -> tuple[bytes, list]:
    head = (e.tmp / name).read_bytes()[:5] if (e.tmp / name).exists() else b""
    return head, [(w, after["unmasked"]) for w, a, after in e.written_since(0) if a == action]


def _drill_row(e: Env, columns: str = "state") -> object:
    return e.one(f"SELECT {columns} FROM drill_sessions", db=e.drill_path)


def _shifts(e: Env) -> list[tuple]:
    return e.rows(
        "SELECT officer, handed_over_by, incoming, override_reason FROM shifts ORDER BY id"
    )


FORCE_REASON = "现场已稳定,副组长接手"
CLI_COMMANDS: dict[str, Command] = {
    "report": Command("register",
        lambda e: ["report", "--plan", "group_complaint", "--title", "新接报", "--channel", "online"],
        lambda e: e.rows("SELECT recorded_by, state FROM incidents WHERE title = '新接报'"),
        lambda who: [(who, "reported")]),
    "activate": Command("activate",
        lambda e: ["activate", str(e.ids["reported"])],
        lambda e: e.one("SELECT i.state, count(t.id) > 0 FROM incidents i JOIN tasks t ON t.incident_id = i.id "
                        "WHERE i.id = ?", e.ids["reported"]),
        lambda who: ("activated", 1)),
    "regrade": Command("regrade",
        lambda e: ["regrade", str(e.ids["active"]), "major"],
        lambda e: e.one("SELECT level_id FROM incidents WHERE id = ?", e.ids["active"]),
        lambda who: "major"),
    "advance": Command("advance",
        lambda e: ["advance", str(e.ids["reported"]), "assessing"],
        lambda e: e.one("SELECT state FROM incidents WHERE id = ?", e.ids["reported"]),
        lambda who: "assessing"),
    "done": Command("complete",
        lambda e: ["done", str(e.ids["arrive_onsite"]), "--note", "已引导至会议室"],
        lambda e: _task(e, "arrive_onsite", "state, done_by, note"),
        lambda who: ("done", who, "已引导至会议室")),
    "reopen": Command("reopen",
        lambda e: ["reopen", str(e.ids["keep_order"]), "--reason", "秩序再度混乱"],
        lambda e: _task(e, "keep_order", "state, done_by"),
        lambda who: ("open", None)),
    "block": Command("block",
        lambda e: ["block", str(e.ids["arrive_onsite"]), "--reason", "等待警方到场"],
        lambda e: _task(e, "arrive_onsite", "state, block_reason"),
        lambda who: ("blocked", "等待警方到场")),
    "reassign": Command("reassign",
        lambda e: ["reassign", str(e.ids["arrive_onsite"]), "--user", "member_onsite"],
        lambda e: _task(e, "arrive_onsite", "assignee"),
        lambda who: "member_onsite"),
    "note": Command("note",
        lambda e: ["note", str(e.ids["active"]), "现场情绪趋稳"],
        lambda e: e.rows("SELECT actor, incident_id = ? FROM log_entries WHERE text = '现场情绪趋稳'",
                         e.ids["active"]),
        lambda who: [(who, 1)]),
    "pause": Command("pause",
        lambda e: ["pause", str(e.ids["arrive_onsite"]), "--reason", "等待投诉代表到场"],
        lambda e: _clock(e, "pause"),
        lambda who: ("paused", [(who,)])),
    "resume": Command("resume",
        lambda e: ["resume", str(e.ids["arrive_onsite"])],
        lambda e: _clock(e, "resume"),
        lambda who: ("running", [(who,)]), prepare=_prepare_resume),
    "ack": Command("ack",
        lambda e: ["ack", str(e.ids["alarm"])],
        lambda e: e.one("SELECT acknowledged_by FROM alarms WHERE id = ?", e.ids["alarm"]),
        lambda who: who),
    "shelve": Command("shelve",
        lambda e: ["shelve", str(e.ids["alarm"]), "--minutes", "15", "--reason", "已派人前往"],
        lambda e: e.one("SELECT shelve_reason, shelved_until IS NOT NULL FROM alarms WHERE id = ?",
                        e.ids["alarm"]),
        lambda who: ("已派人前往", 1)),
    "shift start": Command("shift",
        lambda e: ["shift", "start", "--officer", "duty1"],
        _shifts,
        lambda who: [("duty1", None, None, "")]),
    "shift handover": Command("shift",
        lambda e: ["shift", "handover", "--to", "deputy1"],
        _shifts,
        lambda who: [("duty1", who, "deputy1", ""), ("deputy1", None, None, "")],
        prepare=_prepare_plain_handover),
    "shift handover --override": Command("force_handover",
        lambda e: ["shift", "handover", "--to", "deputy1", "--override", FORCE_REASON],
        _shifts,
        lambda who: [("duty1", who, "deputy1", FORCE_REASON), ("deputy1", None, None, "")],
        prepare=_prepare_forced_handover),
    "users add": Command("manage_users",
        lambda e: ["users", "add", "newcomer", "--role", "member", "--group", "logistics"],
        lambda e: e.rows("SELECT role, group_id, active FROM users WHERE name = 'newcomer'"),
        lambda who: [("member", "logistics", 1)]),
    "calendar import": Command("manage_users",
        lambda e: ["calendar", "import", _calendar_file(e)],
        lambda e: [p.read_text(encoding="utf-8") for p in (e.tmp / "data/calendars").glob("*.yaml")],
        lambda who: [YEAR_2027]),
    "handover --unmask": Command("unmask",
        lambda e: ["handover", "--out", str(e.tmp / "sheet.pdf"), "--unmask"],
        lambda e: _printed(e, "sheet.pdf", "handover.print"),
        lambda who: (b"%PDF-", [(who, True)])),
    "report-pdf --unmask": Command("unmask",
        lambda e: ["report-pdf", str(e.ids["active"]), "--out", str(e.tmp / "r.pdf"), "--unmask"],
        lambda e: _printed(e, "r.pdf", "report.print"),
        lambda who: (b"%PDF-", [(who, True)])),
    "task add": Command("add_task",
        lambda e: ["task", "add", str(e.ids["active"]), "--title", "约见投诉代表,说明时间表", "--group", "onsite",
                   "--within", "2 小时"],
        lambda e: e.rows("SELECT created_by, group_id FROM tasks WHERE title = '约见投诉代表,说明时间表'"),
        lambda who: [(who, "onsite")]),
    "retype": Command("retype",
        lambda e: ["retype", str(e.ids["typed"]), "malicious", "--reason", "面谈协商失败"],
        lambda e: e.one("SELECT type_id FROM incidents WHERE id = ?", e.ids["typed"]),
        lambda who: "malicious"),
    "attach": Command("attach",
        lambda e: ["attach", str(e.ids["active"]), str(e.template.folder / "现场照片.jpg"), "--note", "现场"],
        lambda e: e.rows("SELECT added_by, name, size FROM attachments"),
        lambda who: [(who, "现场照片.jpg", 26)]),
    "sitrep add": Command("sitrep",
        lambda e: ["sitrep", "add", str(e.ids["reported"]), "--kind", "first"],
        lambda e: e.rows("SELECT drafted_by, kind FROM sitreps WHERE incident_id = ?", e.ids["reported"]),
        lambda who: [(who, "first")]),
    "sitrep sign": Command("sign",
        lambda e: ["sitrep", "sign", str(e.ids["draft"])],
        lambda e: e.one("SELECT signed_by FROM sitreps WHERE id = ?", e.ids["draft"]),
        lambda who: who),
    "notify channel add": Command("manage_users",
        lambda e: ["notify", "channel", "add", "协调群", "--url", "json://127.0.0.1:9/hook", "--group", "coordination"],
        lambda e: e.rows("SELECT name, group_id, created_by FROM channels"),
        lambda who: [("协调群", "coordination", who)]),
    "drill run": Command("drill",
        lambda e: ["drill", "run", str(BRANCH_DRILL), "--headless", "--name", "secrun"],
        lambda e: e.one("SELECT state, started_by FROM drill_sessions", db=e.tmp / "drills/secrun.sqlite"),
        lambda who: ("finished", who), db="new_drill"),
    "drill pause": Command("drill",
        lambda e: ["drill", "pause", DRILL],
        _drill_row,
        lambda who: "paused", prepare=_prepare_drill_running, db="drill"),
    "drill resume": Command("drill",
        lambda e: ["drill", "resume", DRILL],
        _drill_row,
        lambda who: "running", db="drill"),
    "drill stop": Command("drill",
        lambda e: ["drill", "stop", DRILL, "--notes", "提前结束"],
        lambda e: _drill_row(e, "state, notes"),
        lambda who: ("finished", "提前结束"), db="drill"),
}  # fmt: skip
# Reading commands need no --as; `sweep` is the scheduler's own work (recorded as system).
READING = {"migrate", "plans", "show", "clocks", "incidents", "board", "log", "alarms", "audit",
           "attachments", "attachment", "roll", "stats", "form"}  # fmt: skip
# Who records a 回访 is the plan's word (revisit.by), not the table's: tests/test_complaint_life.py.
# Who confirms 到位 is the call-out's roll (tests/test_notify.py), and `users contact` is
# the person's own or the administrator's (like `users passwd`).
PLAN_DECIDES = {"revisit", "checkin"}
# What the local administrator at the shell does without --as (recorded as `system`).
LOCAL_ADMIN = {"users add", "calendar import", "drill run", "drill pause", "drill resume",
               "drill stop", "notify channel add"}  # fmt: skip


def test_every_command_and_every_action_is_covered():
    """A new command, or a new row in the table, fails here until it is classified."""
    changing = {name.split()[0] for name in CLI_COMMANDS}
    # `demo` fills an empty database for the local administrator (refused with --as)
    assert changing | READING | PLAN_DECIDES | {"sweep", "serve", "demo"} == COMMANDS
    # 求助 and its acknowledgement are the window's (seat to command screen): no command
    assert {c.row for c in CLI_COMMANDS.values()} == set(EXPECTED) - {"read", "help", "ack_help"}


def _ready(e: Env, command: Command) -> Path | None:
    """Sets the command's stage; where it records."""
    if command.db == "drill":
        e.with_drill()
    if command.prepare is not None:
        command.prepare(e)
    return {"real": None, "drill": e.drill_path, "new_drill": e.tmp / "drills/secrun.sqlite"}[
        command.db
    ]


def _assert_done_by(e: Env, command: Command, db: Path | None, head: int, who: str) -> None:
    written = e.written_since(head, db)
    assert written, "nothing recorded"
    if command.db == "new_drill":  # then the cast plays the scenario in the drill's database
        assert [actor for actor, action, _ in written if action == "drill.start"] == [who]
    else:
        assert {actor for actor, _, _ in written} == {who}
    assert command.effect(e) == command.expect(who)


@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
@pytest.mark.parametrize("name", list(CLI_COMMANDS))
def test_the_role_action_matrix_through_the_command_line(env, name, index):
    command, who = CLI_COMMANDS[name], ACTORS[index]
    db = _ready(env, command)
    head, before = env.head(db), env.state()
    code, _, err = env.cli(*command.args(env), as_user=who)
    if EXPECTED[command.row][index]:
        assert code == 0, err
        _assert_done_by(env, command, db, head, who)
    else:
        assert code == 3, err
        assert err.startswith("error: permission:") and who in err
        assert env.state() == before  # nothing written: no row, no audit entry, no file


@pytest.mark.parametrize("name", list(CLI_COMMANDS))
def test_without_as_only_the_local_administrator_acts(env, name):
    command = CLI_COMMANDS[name]
    db = _ready(env, command)
    head, before = env.head(db), env.state()
    code, _, err = env.cli(*command.args(env))
    if name in LOCAL_ADMIN:
        assert code == 0, err
        _assert_done_by(env, command, db, head, SYSTEM)
    else:
        assert (code, err.strip()) == (
            3,
            "error: --as: name the user who acts (e.g. --as zhangsan)",
        )
        assert env.state() == before


@pytest.mark.parametrize("name", list(CLI_COMMANDS))
def test_an_unknown_or_deactivated_user_is_refused(env, name):
    command = CLI_COMMANDS[name]
    _ready(env, command)
    before = env.state()
    code, _, err = env.cli(*command.args(env), as_user="mallory")
    assert (code, err.strip()) == (3, "error: --as: sign-in: wrong user name or password")
    assert env.state() == before
    # The leader may do everything; deactivated (in every database that knows them), nothing.
    for db in (env.path, env.drill_path):
        if db.exists():
            conn = sqlite3.connect(db)
            conn.execute("UPDATE users SET active = 0 WHERE name = 'leader1'")
            conn.commit()
            conn.close()
    before = env.state()
    code, _, err = env.cli(*command.args(env), as_user="leader1")
    assert (code, err.strip()) == (3, "error: --as: sign-in: leader1 is deactivated")
    assert env.state() == before


def test_console_user_is_the_same_as_as(env, monkeypatch):
    """`CONSOLE_USER` names who acts as --as does, for user management and the calendar
    too: a duty officer's shell does not become the administrator's by leaving out --as."""
    users_add = CLI_COMMANDS["users add"]
    before = env.state()
    monkeypatch.setenv("CONSOLE_USER", "duty1")
    for args in (users_add.args(env), CLI_COMMANDS["calendar import"].args(env)):
        code, _, err = env.cli(*args)
        assert code == 3 and "duty1" in err and "无权管理用户" in err
    assert env.state() == before
    head = env.head()
    monkeypatch.setenv("CONSOLE_USER", "leader1")
    assert env.cli(*users_add.args(env))[0] == 0
    assert [(w, a) for w, a, _ in env.written_since(head)] == [("leader1", "user.add")]


# --- passwords -------------------------------------------------------------------------
PASSWORD = "Tr0ub4dor&3-口令"
WRONG = "Wr0ng-猜测-guess"


def _capture_every_log(caplog, monkeypatch) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")  # its SQL, parameters and rows (echo)
    monkeypatch.setenv("CONSOLE_LOG", "DEBUG")


def _logged(caplog) -> str:
    return "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''} {r.stack_info or ''}" for r in caplog.records
    )


def _files(e: Env) -> bytes:
    return b"".join(
        Path(f"{e.path}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{e.path}{suffix}").exists()
    )


def test_passwords_are_never_stored_logged_or_printed_in_clear(env, caplog, monkeypatch):
    _capture_every_log(caplog, monkeypatch)
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    add = ["users", "add", "pw_leader", "--role", "leader", "--password-stdin", "--json"]
    code, out, err = env.cli(*add)
    assert code == 0, err
    printed = out + err
    monkeypatch.setattr(sys, "stdin", io.StringIO("short-7\n"))
    code, out, err = env.cli("users", "add", "pw_short", "--role", "leader", "--password-stdin")
    assert code == 2 and "password" in err and "short-7" not in out + err
    printed += out + err
    app = env.app()
    users.add_user(app, None, "pw_coord", "coordinator", group="onsite", password=PASSWORD)
    assert users.authenticate(app, "pw_leader", PASSWORD).name == "pw_leader"
    assert users.authenticate(app, "pw_coord", PASSWORD).name == "pw_coord"
    with pytest.raises(PermissionDenied) as refused:
        users.authenticate(app, "pw_leader", WRONG)
    printed += str(refused.value)
    app.close()
    code, out, err = env.cli("users", "list", "--json")
    printed += out + err
    assert "pw_leader" in out and "scrypt" not in out

    stored = dict(env.rows("SELECT name, password_hash FROM users WHERE name LIKE 'pw_%'"))
    assert set(stored) == {"pw_leader", "pw_coord"}
    for digest in stored.values():  # scrypt (n=2^14, r=8, p=1), salted, and it verifies
        scheme, n, r, p, salt, key = digest.split("$")
        assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
        expected = hashlib.scrypt(PASSWORD.encode(), salt=bytes.fromhex(salt), n=16384, r=8, p=1,
                                  dklen=32)  # fmt: skip
        assert expected.hex() == key
        assert verify_password(PASSWORD, digest) and not verify_password(WRONG, digest)
    assert stored["pw_leader"] != stored["pw_coord"]  # same password, another salt

    logged = _logged(caplog)
    # the capture saw the SQL with its parameters: the hash went by, and the password did not
    assert "INSERT INTO users" in logged and stored["pw_leader"] in logged
    audit = env.rows("SELECT before || after FROM audit_log")
    assert sum('"name":"pw_' in entry for (entry,) in audit) == 2  # both additions recorded
    duty_log = env.rows("SELECT text FROM log_entries")
    files = _files(env)
    with sqlite3.connect(env.path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    checkpointed = _files(env)
    assert stored["pw_leader"].encode() in checkpointed  # the files were read, not skipped
    for secret in (PASSWORD, WRONG, "short-7"):
        assert secret not in logged
        assert secret not in printed
        assert secret not in str(audit) and secret not in str(duty_log)
        for raw in (files, checkpointed):
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert secret.encode(encoding) not in raw


def test_a_deactivated_user_cannot_sign_in(env):
    app = env.app()
    users.add_user(app, None, "pw_leader", "leader", password=PASSWORD)
    assert users.authenticate(app, "pw_leader", PASSWORD).active
    with sqlite3.connect(env.path) as conn:
        conn.execute("UPDATE users SET active = 0 WHERE name = 'pw_leader'")
    with pytest.raises(PermissionDenied, match="pw_leader is deactivated"):
        users.authenticate(app, "pw_leader", PASSWORD)
    app.close()


def test_the_sign_in_dialog_keeps_the_password_to_itself(env, qtbot, caplog, monkeypatch):
    from PySide6.QtWidgets import QDialog, QLineEdit

    from widgets.dialogs.signin import SignIn

    _capture_every_log(caplog, monkeypatch)
    app = env.app()
    users.add_user(app, None, "pw_leader", "leader", password=PASSWORD)
    dialog = SignIn(app, last_user="pw_leader")
    qtbot.addWidget(dialog)
    assert dialog.chosen_name() == "pw_leader"
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    dialog.password.setText(WRONG)
    dialog.sign_in()
    assert dialog.user is None and dialog.error.text() == "用户名或密码不正确"
    dialog.password.setText(PASSWORD)
    dialog.sign_in()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.user.name == "pw_leader"
    app.close()
    logged = _logged(caplog)
    assert "FROM users" in logged  # the sign-in's queries were captured
    assert PASSWORD not in logged and WRONG not in logged
