"""Who acted, and when (issue: a supervision group, 监督小组, must trust every line of the
log). Tried as the problems were found: acting as someone else, backdating, rewriting the
log consistently; and the people around it: tokens for integrations, deactivation,
lockout, passwords, unmasking."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from console import audit
from console.cli import main
from console.context import open_app
from console.errors import InputError, PermissionDenied
from console.services import incidents, tasks, users
from console.services.incidents import ReportInput
from console.sla.alarms import recipients
from models import AuditEntry, Task
from tests.conftest import PASSWORD, STAFF_HASH, local

REPORT = ("report", "--plan", "group_complaint", "--title", "城东网点群体投诉", "--channel", "onsite",
          "--contact", "13812345678", "--json")  # fmt: skip


def _cli(url: str, *args: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", url, *args])
    return code, out.getvalue(), err.getvalue()


def _rows(url: str, sql: str) -> list[tuple]:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _written(url: str) -> tuple:
    """What an action writes: the audit log and the incidents and tasks."""
    return tuple(_rows(url, f"SELECT * FROM {t}") for t in ("audit_log", "incidents", "tasks"))


@pytest.fixture
def real_db(staff_url_real):
    return staff_url_real


@pytest.fixture
def staff_url_real(db_url, clock):
    """A real database (no sandbox) with the staff, an incident reported at 10:00 and
    activated: what the machine's clock acts on."""
    from tests.conftest import add_staff

    app = open_app(db_url, clock)
    add_staff(app)
    inc = incidents.register(app, "duty1", ReportInput(plan="group_complaint", title="网点聚集",
                                                        channel="onsite", contact="13812345678"))  # fmt: skip
    incidents.activate(app, "leader1", inc.id)
    app.close()
    return db_url


# --- 1. acting as someone else ----------------------------------------------------------
def test_acting_as_the_leader_without_proof_is_refused_and_writes_nothing(real_db, monkeypatch):
    monkeypatch.delenv("CONSOLE_PASSWORD")
    before = _written(real_db)
    code, _, err = _cli(real_db, "--as", "leader1", "advance", "1", "handling")
    assert code == 3 and "--as: leader1 must prove who they are" in err
    assert "CONSOLE_PASSWORD" in err and "CONSOLE_TOKEN" in err
    monkeypatch.setenv("CONSOLE_PASSWORD", "not-the-password-1")
    code, _, err = _cli(real_db, "--as", "leader1", "advance", "1", "handling")
    assert code == 3 and "wrong user name or password" in err
    assert _written(real_db) == before


def test_the_password_may_come_on_stdin(real_db, monkeypatch):
    monkeypatch.delenv("CONSOLE_PASSWORD")
    code, out, err = _cli(real_db, "--as", "leader1", "--password-stdin", "note", "1", "现场已控制",
                          stdin=PASSWORD + "\n", monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0, err
    assert _rows(real_db, "SELECT actor FROM audit_log ORDER BY seq DESC LIMIT 1") == [("leader1",)]


def test_five_wrong_passwords_lock_the_user_out_for_five_minutes_and_it_is_logged(app, staff):
    for _ in range(4):
        with pytest.raises(PermissionDenied, match="wrong user name or password"):
            users.authenticate(app, "leader1", "guess-1234")
    with pytest.raises(PermissionDenied, match="locked for 5 minutes"):
        users.authenticate(app, "leader1", "guess-1234")
    with pytest.raises(PermissionDenied, match="locked until"):
        users.authenticate(app, "leader1", PASSWORD)  # the right one, too late
    with app.read() as s:
        (lockout,) = s.execute(
            select(AuditEntry).where(AuditEntry.action == "user.lockout")
        ).scalars()
    assert lockout.entity_id == str(users.list_users(app)[0].id)
    app.time.advance(timedelta(minutes=5, seconds=1))
    assert users.authenticate(app, "leader1", PASSWORD).name == "leader1"


def test_a_lockout_on_the_command_line_is_the_window_s_too(real_db, monkeypatch, app):
    monkeypatch.setenv("CONSOLE_PASSWORD", "guess-12345")
    for _ in range(5):
        assert _cli(real_db, "--as", "duty1", "board")[0] == 3
    monkeypatch.setenv("CONSOLE_PASSWORD", PASSWORD)
    code, _, err = _cli(real_db, "--as", "duty1", "board")
    assert code == 3 and "duty1 is locked until" in err
    with pytest.raises(PermissionDenied, match="locked"):  # the sign-in dialog's call
        users.authenticate(open_app(real_db), "duty1", PASSWORD)


# --- tokens for integrations -----------------------------------------------------------
def _token(url: str, *args: str) -> str:
    code, out, err = _cli(url, "users", "token", *args, "--json")
    assert code == 0, err
    return json.loads(out)["token"]


def test_a_hotline_token_may_only_report_and_is_named_in_the_audit(real_db, monkeypatch):
    token = _token(real_db, "duty1", "--scope", "report", "--label", "热线接口")
    monkeypatch.delenv("CONSOLE_PASSWORD")
    monkeypatch.setenv("CONSOLE_TOKEN", token)
    code, out, err = _cli(real_db, *REPORT)
    assert code == 0, err
    reported = json.loads(out)["id"]
    actor, via = _rows(real_db, "SELECT actor, via FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    assert (actor, via) == ("duty1", "token:热线接口")
    # the report and the 接报 tasks it makes: every line names the token
    lines = _rows(real_db, f"SELECT text FROM log_entries WHERE incident_id = {reported}")
    assert lines and all("令牌:热线接口" in text for (text,) in lines)
    before = _written(real_db)
    code, _, err = _cli(real_db, "activate", str(reported))
    assert code == 3 and "may run only report, not activate" in err
    code, _, err = _cli(real_db, "show", str(reported))  # not even reading: only report
    assert code == 3
    code, _, err = _cli(real_db, "--as", "leader1", *REPORT)
    assert code == 3 and "CONSOLE_TOKEN acts as duty1, not leader1" in err
    assert _written(real_db) == before


def test_a_revoked_token_is_refused_and_only_its_hash_is_kept(real_db, monkeypatch):
    token = _token(real_db, "duty1", "--scope", "report", "--scope", "read", "--label", "hotline")
    stored = _rows(real_db, "SELECT token_hash FROM api_tokens")
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(),)]
    dump = "\n".join(sqlite3.connect(real_db.removeprefix("sqlite:///")).iterdump())
    assert token not in dump
    code, out, _ = _cli(real_db, "users", "tokens")
    assert code == 0 and "hotline" in out and token not in out
    monkeypatch.setenv("CONSOLE_TOKEN", token)
    assert _cli(real_db, "board")[0] == 0  # "read": every reading command
    monkeypatch.delenv("CONSOLE_TOKEN")
    (token_id,) = _rows(real_db, "SELECT id FROM api_tokens")[0]
    assert _cli(real_db, "users", "revoke-token", str(token_id))[0] == 0
    monkeypatch.setenv("CONSOLE_TOKEN", token)
    before = _written(real_db)
    code, _, err = _cli(real_db, *REPORT)
    assert code == 3 and "was revoked" in err
    assert _written(real_db) == before


def test_a_token_scope_must_be_a_command(real_db):
    code, _, err = _cli(real_db, "users", "token", "duty1", "--scope", "everything")
    assert code == 2 and "--scope" in err and "report" in err


# --- 2. true time ------------------------------------------------------------------------
def test_now_on_a_changing_command_is_refused_on_a_real_database(real_db):
    before = _written(real_db)
    code, _, err = _cli(real_db, "--as", "member_onsite", "done", "5",
                        "--now", "2026-12-01T08:00:00+08:00")  # fmt: skip
    assert code == 2 and err.startswith("error: --now:") and "sandbox" in err
    assert _written(real_db) == before
    code, out, _ = _cli(real_db, "board", "--json", "--now", "2026-11-24T10:20:00+08:00")
    assert code == 0 and json.loads(out)[0]["remaining_s"] is not None  # reading may


def test_a_changing_command_on_a_real_database_records_the_machine_clock(real_db):
    code, _, err = _cli(real_db, "--as", "leader1", "note", "1", "已通知各组")
    assert code == 0, err
    (at,) = _rows(real_db, "SELECT at FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    recorded = datetime.fromisoformat(at).replace(tzinfo=UTC)
    assert abs(recorded - datetime.now(UTC)) < timedelta(minutes=1)


def test_a_sandbox_honours_now_and_is_marked_test(sandbox_url, tmp_path):
    from tests.conftest import add_staff

    app = open_app(sandbox_url)
    assert app.sandbox and app.watermark == "测试"
    add_staff(app)
    app.close()
    code, _, err = _cli(sandbox_url, "--as", "duty1", *REPORT, "--now", "2026-11-24T09:00:00+08:00")
    assert code == 0, err
    pdf = tmp_path / "sheet.pdf"
    code, _, err = _cli(sandbox_url, "--as", "duty1", "handover", "--out", str(pdf),
                        "--now", "2026-11-24T09:30:00+08:00")  # fmt: skip
    assert code == 0, err
    assert all("【测试】" in page.extract_text() for page in PdfReader(pdf).pages)


def test_only_a_new_empty_database_becomes_a_sandbox(real_db, tmp_path):
    before = _written(real_db)
    code, _, err = _cli(real_db, "migrate", "--sandbox")
    assert code == 2 and "--sandbox" in err and "only a new, empty database" in err
    assert _written(real_db) == before
    fresh = f"sqlite:///{tmp_path / 'training.db'}"
    assert _cli(fresh, "migrate", "--sandbox")[0] == 0
    assert _rows(fresh, "SELECT action FROM audit_log") == [("database.sandbox",)]


def test_a_settings_row_added_later_does_not_make_a_real_database_a_sandbox(real_db):
    conn = sqlite3.connect(real_db.removeprefix("sqlite:///"))
    conn.execute("INSERT INTO console_settings (key, value) VALUES ('sandbox', '1')")
    conn.commit()
    conn.close()
    assert not open_app(real_db).sandbox
    code, _, err = _cli(real_db, "--as", "leader1", "note", "1", "x", "--now", "2026-11-24T08:00")
    assert code == 2 and "--now" in err


def test_a_task_cannot_be_done_before_its_incident_was_reported(sandbox_url):
    from tests.conftest import add_staff

    app = open_app(sandbox_url)
    add_staff(app)
    app.close()
    code, out, err = _cli(
        sandbox_url, "--as", "duty1", *REPORT, "--now", "2026-12-02T09:00:00+08:00"
    )
    assert code == 0, err
    iid = json.loads(out)["id"]
    assert _cli(sandbox_url, "--as", "leader1", "activate", str(iid),
                "--now", "2026-12-02T09:05:00+08:00")[0] == 0  # fmt: skip
    before = _written(sandbox_url)
    code, _, err = _cli(sandbox_url, "--as", "leader1", "done", "1",
                        "--now", "2026-12-01T08:00:00+08:00")  # fmt: skip
    assert code == 2 and err.startswith("error: --now:")
    assert "before the last recorded action" in err
    assert _written(sandbox_url) == before


def test_a_clock_set_by_hand_never_writes_before_the_audit_head(app, staff):
    inc = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="t", channel="onsite")
    )
    app.time.set(local(2026, 11, 24, 9, 0))
    with pytest.raises(InputError, match="--now: .* before the last recorded action"):
        incidents.activate(app, "leader1", inc.id)


class _SteppedBack:
    """A running clock that was set back (an NTP correction, the machine's clock put right)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def wall_time(self, instant: datetime) -> datetime | None:
        return instant


def test_audit_times_never_go_backwards_when_the_machine_clock_steps_back(app, staff):
    inc = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="t", channel="onsite")
    )
    reported = app.time.now()
    app.time = _SteppedBack(reported - timedelta(seconds=90))  # a small step: held
    incidents.activate(app, "leader1", inc.id)
    first = next(t for t in queries_tasks(app, inc.id))
    tasks.complete(app, "leader1", first, "")
    with app.read() as s:
        times = [e.at for e in s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars()]
        done_at = s.get(Task, first).done_at
    assert times == sorted(times) and times[-1] == reported
    assert done_at == reported  # the task's own time is the transaction's: not before it existed


def test_a_clock_put_right_an_hour_back_is_in_the_audit_and_the_chain_still_verifies(app, staff):
    incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="t", channel="onsite")
    )
    reported = app.time.now()
    app.time = _SteppedBack(reported - timedelta(hours=1))
    incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="u", channel="onsite")
    )
    with app.read() as s:
        entries = list(s.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())
        back = next(e for e in entries if e.action == "clock.back")
        report = entries[entries.index(back) + 1]  # the report, then its 接报 tasks
        assert report.action == "incident.report"
        assert audit.verify(s).ok
    assert (back.action, back.at, report.at) == ("clock.back", reported - timedelta(hours=1),
                                                 reported - timedelta(hours=1))  # fmt: skip
    assert json.loads(back.before)["at"] == reported.astimezone(UTC).isoformat()


def test_a_backdated_entry_is_found_even_when_the_chain_is_rehashed(real_db):
    _rewrite_consistently(real_db, 9, at=datetime(2026, 11, 1, tzinfo=UTC))
    code, _, err = _cli(real_db, "audit", "verify")
    assert code == 1 and "audit entry 9 is dated 2026-11-01" in err and "backwards" in err


def queries_tasks(app, incident_id: int) -> list[int]:
    with app.read() as s:
        return list(s.execute(select(Task.id).where(Task.incident_id == incident_id)).scalars())


# --- 3. an audit that cannot be rewritten quietly ---------------------------------------
def _rewrite_consistently(url: str, seq: int, at: datetime | None = None) -> None:
    """What someone with the database file can do: edit an entry, re-hash the chain from
    there and set the head to match. The chain is well-formed afterwards."""
    from models import AuditEntry as Entry

    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    rows = conn.execute("SELECT seq, at, actor, action, entity, entity_id, before, after, "
                        "prev_hash, via FROM audit_log ORDER BY seq").fetchall()  # fmt: skip
    (prev,) = conn.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()
    for row in rows[seq - 1 :]:
        when = at if (at and row[0] == seq) else datetime.fromisoformat(row[1]).replace(tzinfo=UTC)
        e = Entry(seq=row[0], at=when, actor=row[2],
                  action=row[3], entity=row[4], entity_id=row[5], before=row[6],
                  after=row[7] if (row[0] != seq or at) else '{"note":"rewritten"}', prev_hash=prev,
                  via=row[9])  # fmt: skip
        digest = audit.entry_hash(e)
        stored_at = e.at.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        conn.execute("UPDATE audit_log SET at = ?, after = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                     (stored_at, e.after, prev, digest, e.seq))  # fmt: skip
        prev = digest
    conn.execute("UPDATE audit_head SET hash = ? WHERE id = 1", (prev,))
    conn.commit()
    conn.close()


def test_the_anchor_on_the_handover_sheet_detects_a_consistent_rewrite(real_db, tmp_path):
    pdf = tmp_path / "sheet.pdf"
    code, _, err = _cli(real_db, "--as", "duty1", "handover", "--out", str(pdf))
    assert code == 0, err
    code, head, _ = _cli(real_db, "audit", "head")
    seq, digest = head.strip().split(":")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "审计链锚点" in text and digest not in text.replace("\n", "")
    # the sheet was read before its own print entry: its anchor is the entry before
    printed_seq = int(seq) - 1
    (printed_hash,) = _rows(real_db, f"SELECT hash FROM audit_log WHERE seq = {printed_seq}")[0]
    assert printed_hash in text.replace("\n", "")
    anchor = f"{printed_seq}:{printed_hash}"
    assert _cli(real_db, "audit", "verify", "--anchor", anchor)[0] == 0
    _rewrite_consistently(real_db, 3)
    assert _cli(real_db, "audit", "verify")[0] == 0  # well-formed: the old check misses it
    code, _, err = _cli(real_db, "audit", "verify", "--anchor", anchor)
    assert code == 1 and f"audit entry {printed_seq} is not the one anchored" in err


def test_an_anchor_is_seq_colon_hash(real_db):
    code, _, err = _cli(real_db, "audit", "verify", "--anchor", "12:abc")
    assert code == 2 and "--anchor" in err and "SEQ:HASH" in err


# --- 4. people ----------------------------------------------------------------------------
def test_a_deactivated_user_cannot_act_and_their_alarms_go_to_the_b_role(app, staff):
    from console.services.users import add_user, set_active

    for name, ab in (("a_lead", "A"), ("b_lead", "B")):
        add_user(app, None, name, "coordinator", group="coordination", org_role="coordination_lead",
                 ab=ab, password_hash=STAFF_HASH)  # fmt: skip
    plan = app.catalogue.get("group_complaint")
    with app.read() as s:
        assert recipients(s, plan, "coordination_lead", 0) == ["a_lead"]
    set_active(app, None, "a_lead", False)
    with app.read() as s:
        assert recipients(s, plan, "coordination_lead", 0) == ["b_lead"]
        leaders = recipients(s, plan, "coordination_lead", 2)
        assert recipients(s, plan, "coordination_lead", 1) == leaders  # the next step up
        assert "a_lead" not in leaders and leaders
    with pytest.raises(PermissionDenied, match="deactivated"):
        users.authenticate(app, "a_lead", PASSWORD)
    with pytest.raises(PermissionDenied, match="no active user"):
        incidents.register(
            app, "a_lead", ReportInput(plan="group_complaint", title="t", channel="onsite")
        )
    set_active(app, None, "a_lead", True)
    assert users.authenticate(app, "a_lead", PASSWORD).active


def test_users_deactivate_is_the_leader_s_or_the_administrator_s(real_db):
    code, _, err = _cli(real_db, "--as", "duty1", "users", "deactivate", "member_onsite")
    assert code == 3 and "permission" in err
    assert _cli(real_db, "--as", "leader1", "users", "deactivate", "member_onsite")[0] == 0
    code, out, _ = _cli(real_db, "users", "list")
    assert "member_onsite" in out and "(deactivated)" in out
    assert _cli(real_db, "users", "activate", "member_onsite")[0] == 0


def test_a_password_is_changed_by_its_user_or_the_administrator(real_db, monkeypatch):
    new = "new-pass-2027"
    code, _, err = _cli(real_db, "--as", "duty1", "users", "passwd", "leader1", "--password-stdin",
                        stdin=new + "\n", monkeypatch=monkeypatch)  # fmt: skip
    assert code == 3 and "only leader1 or the administrator" in err
    code, _, err = _cli(real_db, "--as", "duty1", "users", "passwd", "duty1", "--password-stdin",
                        stdin="short\n", monkeypatch=monkeypatch)  # fmt: skip
    assert code == 2 and "password" in err
    assert _cli(real_db, "--as", "duty1", "users", "passwd", "duty1", "--password-stdin",
                stdin=new + "\n", monkeypatch=monkeypatch)[0] == 0  # fmt: skip
    assert _cli(real_db, "--as", "duty1", "board")[0] == 3  # the old one no longer proves it
    monkeypatch.setenv("CONSOLE_PASSWORD", new)
    assert _cli(real_db, "--as", "duty1", "board")[0] == 0
    monkeypatch.delenv("CONSOLE_PASSWORD")
    assert _cli(real_db, "users", "passwd", "duty1", "--password-stdin",  # the administrator
                stdin=PASSWORD + "\n", monkeypatch=monkeypatch)[0] == 0  # fmt: skip


@pytest.mark.parametrize("password", ["short1", "lettersonly", "12345678901", "duty1-and-more-9"])
def test_a_password_must_be_long_with_letters_and_digits_and_not_the_name(app, password):
    with pytest.raises(InputError, match="password"):
        users.add_user(app, None, "duty1", "duty_officer", password=password)


@pytest.mark.parametrize(("who", "allowed"), [("leader1", True), ("deputy1", True), ("duty1", True),
                                              ("coord_onsite", False), ("member_onsite", False),
                                              ("super1", False)])  # fmt: skip
def test_unmasking_is_for_the_roles_the_plan_lists(real_db, tmp_path, who, allowed):
    pdf = tmp_path / "sheet.pdf"
    code, _, err = _cli(real_db, "--as", who, "handover", "--unmask", "--out", str(pdf))
    if allowed:
        assert code == 0, err
        assert "13812345678" in "".join(p.extract_text() for p in PdfReader(pdf).pages)
    else:
        assert code == 3 and "无权查看完整号码" in err and not pdf.exists()
        code, _, _ = _cli(real_db, "--as", who, "report-pdf", "1", "--unmask", "--out", str(pdf))
        assert code == 3 and not pdf.exists()


# --- 5. files ---------------------------------------------------------------------------
def test_a_duplicate_key_in_a_plan_is_an_error_naming_the_key_and_its_line(tmp_path, capsys):
    from console.plans.plan import PLANS_DIR

    text = (PLANS_DIR / "000_group_complaint.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("default_level:"))
    lines.insert(at + 1, "default_level: major")
    path = tmp_path / "plan.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    code = main(["plans", "check", str(path)])
    err = capsys.readouterr().err
    assert (
        code == 2
        and f"line {at + 2}: duplicate key 'default_level' (first at line {at + 1})" in err
    )


def test_the_users_table_keeps_no_password(real_db):
    assert all(
        h.startswith("scrypt$") for (h,) in _rows(real_db, "SELECT password_hash FROM users")
    )
    assert PASSWORD not in str(_rows(real_db, "SELECT * FROM users"))


# --- the ways around, closed --------------------------------------------------------------
def test_a_token_never_manages_users_passwords_or_tokens(real_db, monkeypatch):
    token = _token(real_db, "leader1", "--label", "大屏接口")  # every command its user may
    monkeypatch.delenv("CONSOLE_PASSWORD")
    monkeypatch.setenv("CONSOLE_TOKEN", token)
    before = _written(real_db)
    for args in (("users", "token", "leader1"), ("users", "passwd", "leader1", "--password-stdin"),
                 ("users", "add", "mallory", "--role", "leader"), ("users", "deactivate", "duty1")):  # fmt: skip
        code, _, err = _cli(real_db, *args, stdin="x-pass-2027\n", monkeypatch=monkeypatch)
        assert code == 3 and "a token does not manage users" in err, args
    assert _written(real_db) == before
    assert _cli(real_db, "--as", "leader1", "note", "1", "大屏确认")[0] == 0  # it acts otherwise
    assert _rows(real_db, "SELECT via FROM audit_log ORDER BY seq DESC LIMIT 1") == [
        ("token:大屏接口",)
    ]


def test_a_read_token_starts_no_drill(real_db, monkeypatch):
    from console.drills.scenario import DRILLS_DIR

    token = _token(real_db, "leader1", "--scope", "read")
    monkeypatch.setenv("CONSOLE_TOKEN", token)
    code, _, err = _cli(real_db, "drill", "run", str(DRILLS_DIR / "000_branch_mass_complaint.yaml"),
                        "--headless")  # fmt: skip
    assert code == 3 and "may run only read" in err


def test_a_drill_session_is_named_not_given_as_a_url(real_db, tmp_path):
    code, _, err = _cli(real_db, "--as", "leader1", "drill", "pause", f"sqlite:///{tmp_path}/x.db")
    assert code == 2 and err.startswith("error: session:")


def test_a_drill_row_added_to_a_real_database_makes_it_no_drill_database(real_db):
    conn = sqlite3.connect(real_db.removeprefix("sqlite:///"))
    conn.execute("INSERT INTO drill_sessions (name, scenario_id, scenario_name, scenario, plan_id, mode, "
                 "state, speed, sim_start, sim_end, anchor_sim, anchor_wall, started_by, notes, version) VALUES "
                 "('x', 's', 's', '', 'group_complaint', 'live', 'running', 1, '2026-01-01 00:00:00', "
                 "'2027-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 'x', '', 1)")  # fmt: skip
    conn.commit()
    conn.close()
    assert open_app(real_db).drill is None
    code, _, err = _cli(real_db, "--as", "leader1", "note", "1", "x", "--now", "2027-01-01T08:00")
    assert code == 2 and err.startswith("error: --now:")


def test_system_is_no_user_s_name(app):
    with pytest.raises(InputError, match="local administrator"):
        users.add_user(app, None, "system", "leader", password=PASSWORD)


def test_show_masks_the_number_unless_the_plan_lists_the_role(real_db):
    code, out, _ = _cli(real_db, "show", "1", "--json")
    assert code == 0 and json.loads(out)["contact"] == "138****5678"
    code, _, err = _cli(real_db, "--as", "coord_onsite", "show", "1", "--unmask")
    assert code == 3 and "无权查看完整号码" in err
    assert _rows(real_db, "SELECT count(*) FROM audit_log WHERE action = 'incident.unmask'") == [
        (0,)
    ]
    code, out, _ = _cli(real_db, "--as", "duty1", "show", "1", "--unmask", "--json")
    assert code == 0 and json.loads(out)["contact"] == "13812345678"
    assert _rows(real_db, "SELECT actor FROM audit_log WHERE action = 'incident.unmask'") == [
        ("duty1",)
    ]
    code, _, err = _cli(
        real_db, "--as", "duty1", "show", "1", "--unmask", "--now", "2026-11-24T10:30"
    )
    assert code == 2 and err.startswith("error: --now:")  # logged, so on the machine's clock


@pytest.mark.parametrize(
    ("who", "shown"), [("coord_onsite", "138****5678"), ("duty1", "13812345678")]
)
def test_the_incident_detail_shows_the_number_to_the_roles_the_plan_lists(
    qtbot, real_db, who, shown
):
    from PySide6.QtWidgets import QLabel

    from widgets.dialogs.detail import IncidentDetail

    app = open_app(real_db)
    dialog = IncidentDetail(app, who, 1, can_note=False)
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.fields.findChildren(QLabel)]
    assert shown in texts and ("13812345678" in texts) == (shown == "13812345678")
    app.close()


def test_the_sign_in_dialog_says_the_user_is_locked_out(qtbot, app, staff):
    from widgets.dialogs.signin import SignIn

    dialog = SignIn(app, last_user="leader1")
    qtbot.addWidget(dialog)
    for _ in range(5):
        dialog.password.setText("guess-1234")
        dialog.sign_in()
    assert dialog.user is None and "锁定 5 分钟" in dialog.error.text()
    dialog.password.setText(PASSWORD)  # the right one, too late
    dialog.sign_in()
    assert dialog.user is None and "锁定" in dialog.error.text()


def test_a_sandbox_s_windows_and_dialogs_say_test(qtbot, sandbox_url):
    from widgets.dialogs.intake import IntakeDialog
    from widgets.dialogs.signin import SignIn
    from widgets.drill import Watermark

    app = open_app(sandbox_url)
    for dialog in (SignIn(app), IntakeDialog(app, "duty1")):
        qtbot.addWidget(dialog)
        assert dialog.windowTitle().startswith("【测试】"), dialog.windowTitle()
        assert [w.text for w in dialog.findChildren(Watermark)] == ["测试"]
    app.close()
