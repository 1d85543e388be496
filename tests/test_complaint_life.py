"""A complaint's life as the seeds tell it: the procedure every complaint goes through from
接报 (seed 004: 10 分钟内将《投诉处理表》发送; seed 000: 第一时间向组长报告), 首问负责
(seed 002), the 回访 that closes the loop or sends the case back (seed 001: 如投诉人仍有异议,
则继续调查处理), tasks a case decides for itself (seed 001 重大投诉: 明确责任人和处理时限),
evidence kept byte for byte, and the complainant who comes back (seed 004: 经住户多次提出而
得不到解决的投诉 — 重大投诉)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from console.cli import main
from console.errors import InputError, PermissionDenied
from console.plans.plan import PLANS_DIR, PlanError, parse_plan
from console.services import alarms, evidence, incidents, queries, revisits, tasks, users
from console.services.evidence import Tampered
from console.services.incidents import ReportInput
from console.time.source import FixedTime
from models import Attachment, AuditEntry, Incident, Revisit, SlaClock, Task
from tests.conftest import HIRED, STAFF_HASH, local, open_incident, tasks_of

ROOT = Path(__file__).resolve().parent.parent


# --- helpers ---------------------------------------------------------------------------
def hire(app, name: str, role: str, *, group: str | None = None, org_role: str | None = None,
         ab: str | None = None) -> None:  # fmt: skip
    """A user set up at HIRED (before the test's own time, which never goes back)."""
    real, app.time = app.time, FixedTime(HIRED)
    try:
        users.add_user(app, None, name, role, group=group, org_role=org_role, ab=ab,
                       password_hash=STAFF_HASH)  # fmt: skip
    finally:
        app.time = real


def register(app, clock, actor: str, plan: str, at, **fields):
    """接报登记 at `at` (local) by `actor`, without activating the plan."""
    clock.set(at)
    data = {"title": "投诉", "channel": "phone"} | fields
    return incidents.register(app, actor, ReportInput(plan=plan, **data))


def count(app, model) -> int:
    with app.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def written(app) -> tuple[int, ...]:
    """How many rows an action could have written: nothing refused may change these."""
    return tuple(count(app, m) for m in (Incident, Task, SlaClock, Revisit, Attachment, AuditEntry))


def iso(*args: int) -> str:
    return local(*args).isoformat()


def all_alarms(app) -> list:
    return alarms.list_alarms(app, "all")


def to_feedback(app, iid: int) -> None:
    """The case handled and answered: 处置 → 反馈, as the leader moves it."""
    incidents.advance(app, "leader1", iid, "handling")
    incidents.advance(app, "leader1", iid, "feedback")


# --- seed 004: the procedure every complaint goes through, from 接报 --------------------
def test_property_complaint_form_is_due_ten_minutes_after_reception_without_activation(
    app, staff, clock
):
    """5.2.2: 运营管理部客服员根据10分钟内将《投诉处理表》发送到被投诉部门 — counted from when the
    complaint was received, not from when it was typed in, and without 启动预案."""
    hire(app, "kefu1", "member", group="customer_service", org_role="cs_officer", ab="A")
    clock.set(local(2026, 11, 24, 16, 50))
    inc = incidents.register(app, "kefu1", ReportInput(
        plan="major_complaint", title="电梯停运三天无人处理", channel="phone", contact="13800001111",
        received_at=local(2026, 11, 24, 16, 45)))  # fmt: skip
    assert inc.state == "reported" and inc.first_receiver == "kefu1"
    t = tasks_of(app, inc.id)
    assert t["send_form"].due_at == local(2026, 11, 24, 16, 55)
    assert t["send_form"].warn_at == local(2026, 11, 24, 16, 52)  # 3 分钟 before
    assert t["send_form"].assignee == "kefu1" and t["record"].assignee == "kefu1"
    assert t["forward_gm"].due_at == local(2026, 11, 25, 0, 0)  # 当天转呈
    # the emergency team's own work waits for 启动预案
    assert "site_security" not in t and "lessons" not in t
    # the 客服员 who took it sends the form: their own group's task
    done = tasks.complete(app, "kefu1", t["send_form"].id, "已发送工程部")
    assert done.state == "done" and done.clock.clock_state == "met"


def test_group_complaint_is_reported_up_within_ten_minutes_before_activation(app, staff, clock):
    """Seed 000 (一)接报与初步研判: 第一时间向组长或副组长报告, then 迅速组织初步研判 — both
    before any decision to activate."""
    inc = register(app, clock, "duty1", "group_complaint", local(2026, 11, 24, 10, 0),
                   channel="onsite", people=30)  # fmt: skip
    t = tasks_of(app, inc.id)
    assert set(t) == {"report_up", "initial_assessment"}
    assert t["report_up"].due_at == local(2026, 11, 24, 10, 10)
    assert t["report_up"].assignee == "duty1"  # 接报人员: the first receiver
    assert t["initial_assessment"].due_at == local(2026, 11, 24, 10, 40)  # 接报后 40 分钟
    clock.set(local(2026, 11, 24, 10, 6))
    tasks.complete(app, "leader1", t["report_up"].id, "已电话报告组长")
    # 一旦决定启动: the activation is the assessment's decision, its clock met
    clock.set(local(2026, 11, 24, 10, 25))
    incidents.activate(app, "leader1", inc.id)
    t = tasks_of(app, inc.id)
    assert t["initial_assessment"].state == "done" and t["initial_assessment"].done_by == "leader1"
    assert {c.task: c.clock.clock_state for c in queries.clocks_of(app, inc.id)}[
        t["initial_assessment"].id
    ] == "met"


# --- seed 001: 紧急投诉 立即启动应急预案 ---------------------------------------------------
def test_urgent_complaint_activation_clock_lapses_when_nobody_activates(app, staff, clock):
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0),
                   level="urgent", title="客户称将到总部静坐")  # fmt: skip
    own = {c.rule: c.clock for c in queries.show(app, inc.id).incident_clocks}
    assert own["urgent_start"].due_at == iso(2026, 11, 24, 10, 30)
    assert own["urgent_start"].warn_at == iso(2026, 11, 24, 10, 20)
    clock.set(local(2026, 11, 24, 10, 21))
    alarms.sweep(app)
    assert [(a.kind, a.task) for a in all_alarms(app)] == [("warning", None)]
    clock.set(local(2026, 11, 24, 10, 31))
    alarms.sweep(app)
    lapsed = [a for a in all_alarms(app) if a.kind == "lapsed"]
    assert len(lapsed) == 1
    assert lapsed[0].incident == inc.id and lapsed[0].task is None
    assert lapsed[0].role == "general_manager"  # 由应急指挥小组组长主持
    assert "leader1" in lapsed[0].recipients
    assert lapsed[0].due_at == iso(2026, 11, 24, 10, 30)
    clocks = {c.rule: c.clock for c in queries.show(app, inc.id).incident_clocks}
    assert clocks["urgent_start"].clock_state == "lapsed"


def test_urgent_complaint_activated_in_time_stops_its_clock_and_raises_nothing(app, staff, clock):
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0),
                   level="urgent")  # fmt: skip
    clock.set(local(2026, 11, 24, 10, 12))
    incidents.activate(app, "leader1", inc.id)
    clocks = {c.rule: c.clock for c in queries.show(app, inc.id).incident_clocks}
    assert clocks["urgent_start"].clock_state == "met"
    clock.set(local(2026, 11, 24, 10, 31))
    assert alarms.sweep(app).raised == []
    assert all_alarms(app) == []


def test_urgent_start_is_not_timed_for_an_ordinary_complaint(app, staff, clock):
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0))
    assert queries.show(app, inc.id).incident_clocks == ()
    clock.set(local(2026, 11, 24, 11, 0))
    alarms.sweep(app)
    assert all_alarms(app) == []


# --- 回访 ------------------------------------------------------------------------------
def test_dissatisfied_revisit_reopens_handling_with_new_tasks(app, staff, clock):
    """Seed 001: 如投诉人仍有异议,则继续调查处理 — back to 处置, with the plan's re-handling
    work on deadlines counted from the 回访, not from the original report."""
    hire(app, "admin_kefu", "member", group="admin", org_role="complaint_officer", ab="A")
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0),
                   type="problem")  # fmt: skip
    to_feedback(app, inc.id)
    clock.set(local(2026, 11, 26, 15, 0))  # a Thursday
    visit = revisits.record(app, "admin_kefu", inc.id, "dissatisfied", "仍认为补偿不足")
    assert (visit.result, visit.rehandle_round, visit.by) == ("dissatisfied", 1, "admin_kefu")
    shown = queries.show(app, inc.id)
    assert shown.state == "handling"
    assert [(r.result, r.note) for r in shown.revisits] == [("dissatisfied", "仍认为补偿不足")]
    t = tasks_of(app, inc.id)
    again = t["rehandle:1:reinvestigate"]
    assert again.state == "open" and again.group_id == "admin" and again.role_id == "admin_lead"
    assert again.due_at == local(2026, 11, 27, 15, 0)  # 24 小时 from the 回访
    assert "不满意回访后第1次重新处理" in again.title and again.detail == "仍认为补偿不足"
    feedback = t["rehandle:1:customer_feedback"]
    assert feedback.assignee == "duty1"  # 首问负责: the one who registered it
    assert feedback.due_at == local(2026, 12, 4, 0, 0)  # 5 个工作日: Fri … Thu 12-03 24:00
    # the call made is the 回访 task done; the next call is the round's own 回访 task
    assert t["revisit"].state == "done" and "不满意" in t["revisit"].note
    assert t["rehandle:1:revisit"].state == "open"
    started = {c.task: c.started_at for c in queries.clocks_of(app, inc.id)}
    assert started[again.id] == iso(2026, 11, 26, 15, 0)
    # a second 不满意 is a second round, on clocks of its own
    clock.set(local(2026, 11, 30, 9, 0))
    incidents.advance(app, "leader1", inc.id, "feedback")
    assert revisits.record(app, "admin_kefu", inc.id, "dissatisfied").rehandle_round == 2
    t = tasks_of(app, inc.id)
    assert t["rehandle:2:reinvestigate"].due_at == local(2026, 12, 1, 9, 0)
    assert t["rehandle:1:reinvestigate"].due_at == local(2026, 11, 27, 15, 0)


def test_satisfied_revisit_completes_the_revisit_task(app, staff, clock):
    hire(app, "admin_kefu", "member", group="admin", org_role="complaint_officer", ab="A")
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0),
                   type="suggestion")  # fmt: skip
    to_feedback(app, inc.id)
    clock.set(local(2026, 11, 25, 9, 30))
    before = count(app, Task)
    visit = revisits.record(app, "admin_kefu", inc.id, "satisfied")
    assert visit.rehandle_round is None
    revisit_task = tasks_of(app, inc.id)["revisit"]
    assert revisit_task.state == "done" and revisit_task.done_by == "admin_kefu"
    assert revisit_task.done_at == local(2026, 11, 25, 9, 30)
    assert "满意" in revisit_task.note
    assert queries.show(app, inc.id).state == "feedback"  # the loop is closed: on to 结案
    assert count(app, Task) == before  # no re-handling
    # a later 不满意 (the customer called back) brings a new round with its own 回访 task
    clock.set(local(2026, 11, 25, 11, 0))
    revisits.record(app, "admin_kefu", inc.id, "dissatisfied")
    t = tasks_of(app, inc.id)
    assert t["revisit"].state == "done" and t["rehandle:1:revisit"].state == "open"
    assert queries.show(app, inc.id).state == "handling"


def test_basically_satisfied_revisit_also_closes_the_loop(app, staff, clock):
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0))
    to_feedback(app, inc.id)
    revisits.record(app, "deputy1", inc.id, "basically_satisfied", "基本认可处理结果")
    assert tasks_of(app, inc.id)["revisit"].state == "done"
    assert queries.show(app, inc.id).state == "feedback"


@pytest.mark.parametrize(
    "who",
    [
        "member_onsite",  # a member of another group, holding no named role
        "super1",  # a supervisor the 001 plan does not name
        "duty1",  # a duty officer: records no 回访 at all
        "coord_onsite",  # the coordinator of a group that is not the named roles'
    ],
)
def test_revisit_by_someone_the_plan_does_not_name_is_refused(app, staff, clock, who):
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0))
    to_feedback(app, inc.id)
    before = written(app)
    with pytest.raises(PermissionDenied, match="permission"):
        revisits.record(app, who, inc.id, "dissatisfied", "不满意")
    assert written(app) == before
    assert queries.show(app, inc.id).state == "feedback"


def test_revisit_by_the_named_roles_group_coordinator_is_accepted(app, staff, clock):
    hire(app, "coord_admin", "coordinator", group="admin")
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0))
    to_feedback(app, inc.id)
    assert revisits.record(app, "coord_admin", inc.id, "satisfied").by == "coord_admin"


def test_revisit_before_handling_is_refused_naming_its_state(app, staff, clock):
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0))
    before = written(app)
    with pytest.raises(InputError) as info:
        revisits.record(app, "leader1", inc.id, "satisfied")
    assert info.value.field == "state"
    assert written(app) == before


# --- ad-hoc tasks (本案确定的处理时限) -----------------------------------------------------
def test_adhoc_task_within_two_hours_alarms_when_it_lapses(app, staff, clock):
    """Seed 001 重大投诉: 组织相关部门召开会议,研究解决方案,明确责任人和处理时限."""
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0),
                   level="major", type="problem")  # fmt: skip
    clock.set(local(2026, 11, 24, 10, 30))
    added = tasks.add(app, "leader1", inc.id, title="被投诉部门提交退费核算", group="department",
                      within="2 小时", note="会商明确:财务部 2 小时内核算")  # fmt: skip
    assert added.group == "department" and added.role == "department_head"
    assert added.clock.due_at == iso(2026, 11, 24, 12, 30)
    assert added.created_by == "leader1" and added.detail == "会商明确:财务部 2 小时内核算"
    clock.set(local(2026, 11, 24, 12, 31))
    alarms.sweep(app)
    mine = [a for a in all_alarms(app) if a.task == added.id]
    assert [a.kind for a in mine] == ["lapsed"]
    assert mine[0].due_at == iso(2026, 11, 24, 12, 30) and mine[0].recipients
    alarms.sweep(app)
    assert len([a for a in all_alarms(app) if a.task == added.id]) == 1  # never twice


def test_adhoc_task_warns_before_it_lapses_and_stops_when_done(app, staff, clock):
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0),
                   level="major")  # fmt: skip
    added = tasks.add(app, "deputy1", inc.id, title="回电客户告知进展", group="admin",
                      role="complaint_officer", due=local(2026, 11, 24, 11, 0), warn="15 分钟")  # fmt: skip
    assert (added.clock.due_at, added.clock.warn_at) == (
        iso(2026, 11, 24, 11, 0),
        iso(2026, 11, 24, 10, 45),
    )
    clock.set(local(2026, 11, 24, 10, 46))
    alarms.sweep(app)
    assert [a.kind for a in all_alarms(app) if a.task == added.id] == ["warning"]
    done = tasks.complete(app, "leader1", added.id, "已回电")
    assert done.clock.clock_state == "met"
    clock.set(local(2026, 11, 24, 11, 30))
    alarms.sweep(app)
    assert [a.kind for a in all_alarms(app) if a.task == added.id] == ["warning"]


def test_coordinator_adds_tasks_only_for_own_group(app, staff, clock):
    iid = open_incident(app, clock, "group_complaint", local(2026, 11, 24, 10, 0))
    own = tasks.add(
        app, "coord_onsite", iid, title="增派两名安保", group="onsite", within="30 分钟"
    )
    assert own.group == "onsite" and own.created_by == "coord_onsite"
    before = written(app)
    with pytest.raises(PermissionDenied, match="本组"):
        tasks.add(app, "coord_onsite", iid, title="准备盒饭", group="logistics", within="1 小时")
    for who in ("member_onsite", "duty1", "super1"):
        with pytest.raises(PermissionDenied):
            tasks.add(app, who, iid, title="增派安保", group="onsite", within="30 分钟")
    assert written(app) == before


def test_adhoc_task_on_a_closed_case_is_refused(app, staff, clock):
    inc = register(app, clock, "duty1", "group_complaint", local(2026, 11, 24, 10, 0))
    for t in tasks_of(app, inc.id).values():
        tasks.complete(app, "leader1", t.id)
    incidents.advance(app, "leader1", inc.id, "assessing")
    incidents.advance(app, "leader1", inc.id, "closed")
    before = written(app)
    with pytest.raises(InputError) as info:
        tasks.add(app, "leader1", inc.id, title="补充调查", group="command", within="1 小时")
    assert info.value.field == "state" and written(app) == before


def test_adhoc_task_from_the_command_line(staff_url):
    def cli(*args: str, now: str = "2026-11-24T10:00:00+08:00") -> tuple[int, str, str]:
        return _run_in_process(staff_url, now, *args)

    code, out, err = cli("report", "--plan", "complaint_types", "--title", "退费纠纷", "--channel",
                         "phone", "--level", "major", "--as", "duty1", "--json")  # fmt: skip
    assert code == 0, err
    iid = json.loads(out)["id"]
    code, out, err = cli("task", "add", str(iid), "--title", "财务部核算退费", "--group", "department",
                         "--within", "2 小时", "--as", "leader1", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["due_at"] == "2026-11-24T12:00:00+08:00"
    code, _, err = cli("task", "add", str(iid), "--title", "x", "--group", "department", "--as",
                       "leader1")  # fmt: skip
    assert code == 2 and "--due" in err
    code, _, err = cli("task", "add", str(iid), "--title", "x", "--group", "department", "--due",
                       "2026-11-24T09:00:00+08:00", "--as", "leader1")  # fmt: skip
    assert code == 2 and "--due" in err and "past" in err


# --- evidence ---------------------------------------------------------------------------
def _run_in_process(url: str, now: str, *args: str) -> tuple[int, str, str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", url, "--now", now, *args])
    return code, out.getvalue(), err.getvalue()


def _run(url: str, now: str, *args: str) -> subprocess.CompletedProcess:
    """The command line in a fresh process, as a hotline script runs it."""
    return subprocess.run([sys.executable, "main.py", "--db", url, "--now", now, *args], cwd=ROOT,
                          capture_output=True, timeout=120)  # fmt: skip


def _rows(url: str, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


EVIDENCE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 37 + b"\x00\r\n\x1a\xff end"


def test_evidence_round_trips_byte_for_byte(staff_url, tmp_path):
    photo = tmp_path / "现场照片 1.png"
    photo.write_bytes(EVIDENCE)
    digest = hashlib.sha256(EVIDENCE).hexdigest()
    now = "2026-11-24T10:00:00+08:00"
    proc = _run(staff_url, now, "report", "--plan", "customer_crisis", "--title", "产品破损投诉",
                "--channel", "onsite", "--as", "duty1", "--json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    iid = json.loads(proc.stdout)["id"]
    proc = _run(staff_url, "2026-11-24T10:05:00+08:00", "attach", str(iid), str(photo), "--note",
                "客户提供的破损照片", "--as", "duty1", "--json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    kept = json.loads(proc.stdout)
    assert (kept["name"], kept["size"], kept["sha256"]) == ("现场照片 1.png", len(EVIDENCE), digest)
    assert kept["media_type"] == "image/png" and kept["added_by"] == "duty1"
    code, out, err = _run_in_process(staff_url, "2026-11-24T10:06:00+08:00", "attachments", str(iid),
                                     "--json")  # fmt: skip
    assert code == 0, err
    assert [(a["id"], a["sha256"]) for a in json.loads(out)] == [(kept["id"], digest)]
    copy = tmp_path / "取回.png"
    proc = _run(staff_url, "2026-11-24T10:07:00+08:00", "attachment", "get", str(kept["id"]),
                "--out", str(copy))  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    assert copy.read_bytes() == EVIDENCE
    assert digest in proc.stdout.decode()
    # the audit holds the whole hash, the duty log says it was kept
    after = _rows(staff_url, "SELECT after FROM audit_log WHERE action = 'attachment.add'")
    assert [json.loads(a)["sha256"] for (a,) in after] == [digest]
    log = [
        t for (t,) in _rows(staff_url, "SELECT text FROM log_entries WHERE incident_id = ?", iid)
    ]
    assert any(digest[:12] in t and "现场照片 1.png" in t for t in log)
    _, out, _ = _run_in_process(staff_url, "2026-11-24T10:08:00+08:00", "show", str(iid), "--json")
    assert [a["sha256"] for a in json.loads(out)["attachments"]] == [digest]
    assert _run_in_process(staff_url, "2026-11-24T10:08:00+08:00", "audit", "verify")[0] == 0


def test_evidence_of_a_task_names_the_task(app, staff, clock, tmp_path):
    inc = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 10, 0))
    task = inc.tasks[0]
    f = tmp_path / "录音.wav"
    f.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64)
    kept = evidence.attach(app, "duty1", inc.id, f, task_id=task.id)
    assert kept.task == task.id and kept.media_type == "audio/wav"
    with pytest.raises(InputError) as info:
        evidence.attach(app, "duty1", inc.id, f, task_id=task.id + 999)
    assert info.value.field == "--task"


def test_evidence_refused_when_missing_folder_or_over_limit_and_nothing_stored(
    app, staff, clock, tmp_path, monkeypatch
):
    hire(app, "viewer", "supervisor")
    inc = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 10, 0))
    monkeypatch.setenv("CONSOLE_ATTACHMENT_LIMIT_MB", "0.01")  # 10 KB
    big = tmp_path / "video.mp4"
    big.write_bytes(b"\x00" * 20_000)
    folder = tmp_path / "照片"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"\xff\xd8\xff" + b"1" * 10)
    before = written(app)
    for path, says in ((tmp_path / "不存在.jpg", "no such file"), (folder, "folder"),
                       (big, "CONSOLE_ATTACHMENT_LIMIT_MB")):  # fmt: skip
        with pytest.raises(InputError, match=says) as info:
            evidence.attach(app, "duty1", inc.id, path)
        assert info.value.field == "file"
    assert written(app) == before
    assert evidence.listing(app, inc.id) == []
    # under the limit it is kept
    small = tmp_path / "small.jpg"
    small.write_bytes(b"\xff\xd8\xff" + b"2" * 100)
    assert evidence.attach(app, "duty1", inc.id, small).media_type == "image/jpeg"
    # and someone who may not attach is refused before anything is kept
    with pytest.raises(PermissionDenied):
        evidence.attach(app, "viewer", inc.id, small)
    assert len(evidence.listing(app, inc.id)) == 1


def test_evidence_refusal_on_the_command_line_exits_2_naming_the_file(staff_url, tmp_path):
    now = "2026-11-24T10:00:00+08:00"
    code, out, err = _run_in_process(staff_url, now, "report", "--plan", "customer_crisis", "--title",
                                     "t", "--channel", "phone", "--as", "duty1", "--json")  # fmt: skip
    assert code == 0, err
    iid = json.loads(out)["id"]
    code, _, err = _run_in_process(staff_url, now, "attach", str(iid), str(tmp_path / "nope.png"),
                                   "--as", "duty1")  # fmt: skip
    assert code == 2 and "error: file:" in err and "Traceback" not in err
    assert _rows(staff_url, "SELECT count(*) FROM attachments") == [(0,)]


def test_tampered_evidence_is_not_written_back(app, staff, clock, db_url, tmp_path):
    inc = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 10, 0))
    src = tmp_path / "截图.png"
    src.write_bytes(EVIDENCE)
    kept = evidence.attach(app, "duty1", inc.id, src)
    forged = bytearray(EVIDENCE)
    forged[100] ^= 0xFF  # one byte changed behind the console's back, same size
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    conn.execute("UPDATE attachments SET data = ? WHERE id = ?", (bytes(forged), kept.id))
    conn.commit()
    conn.close()
    out = tmp_path / "out.png"
    with pytest.raises(Tampered, match=kept.sha256):
        evidence.save(app, kept.id, out)
    assert not out.exists()
    assert list(tmp_path.glob(".out.png*")) == []  # no partial file either
    code, _, err = _run_in_process(db_url, "2026-11-24T10:10:00+08:00", "attachment", "get",
                                   str(kept.id), "--out", str(out))  # fmt: skip
    assert code == 1 and "SHA-256" in err and not out.exists()


@pytest.mark.parametrize("setting", ["abc", "nan", "inf", "1e400", "-1", "0"])
def test_an_unusable_attachment_limit_setting_neither_crashes_nor_loses_the_file(
    app, staff, clock, tmp_path, monkeypatch, setting
):
    """CONSOLE_ATTACHMENT_LIMIT_MB set to something that is not a size: a small photo is
    kept or refused by name (FILE), never a crash."""
    inc = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 10, 0))
    monkeypatch.setenv("CONSOLE_ATTACHMENT_LIMIT_MB", setting)
    small = tmp_path / "p.png"
    small.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 200)
    before = written(app)
    try:
        kept = evidence.attach(app, "duty1", inc.id, small)
    except InputError as exc:
        assert exc.field == "file"
        assert written(app) == before
    else:
        assert kept.size == 208


# --- the complainant who comes back -----------------------------------------------------
def test_second_complaint_from_same_number_lists_the_first_as_earlier(staff_url):
    def cli(now: str, *args: str) -> dict | list:
        code, out, err = _run_in_process(staff_url, now, *args, "--json")
        assert code == 0, err
        return json.loads(out)

    first = cli("2026-11-24T10:00:00+08:00", "report", "--plan", "customer_crisis", "--title",
                "快递破损", "--channel", "phone", "--contact", "13912345678", "--order-no", "SO-1001",
                "--as", "duty1")  # fmt: skip
    assert first["order_no"] == "SO-1001" and first["earlier"]["count"] == 0
    second = cli("2026-11-25T09:00:00+08:00", "report", "--plan", "customer_crisis", "--title",
                 "快递破损仍未处理", "--channel", "online", "--contact", "13912345678",
                 "--as", "duty1")  # fmt: skip
    assert second["earlier"]["count"] == 1  # registration shows it at once
    shown = cli("2026-11-25T09:01:00+08:00", "show", str(second["id"]))
    earlier = shown["earlier"]
    assert (earlier["count"], earlier["open_count"]) == (1, 1)
    assert [(e["id"], e["matched"], e["open"]) for e in earlier["incidents"]] == [
        (first["id"], "contact", True)
    ]
    assert earlier["incidents"][0]["received_at"] == "2026-11-24T10:00:00+08:00"
    # the same order from another number is the same complainant too
    third = cli("2026-11-25T10:00:00+08:00", "report", "--plan", "customer_crisis", "--title",
                "代家属投诉", "--channel", "phone", "--contact", "13700000000", "--order-no",
                "SO-1001", "--as", "duty1")  # fmt: skip
    matched = {e["id"]: e["matched"] for e in third["earlier"]["incidents"]}
    assert matched == {first["id"]: "order_no"}
    # the first case lists nothing earlier than itself
    assert cli("2026-11-25T10:01:00+08:00", "show", str(first["id"]))["earlier"]["count"] == 0


def test_earlier_cases_are_found_as_the_number_is_typed(app, staff, clock):
    first = register(app, clock, "duty1", "major_complaint", local(2026, 11, 24, 10, 0),
                     contact="13912345678")  # fmt: skip
    clock.set(local(2026, 11, 24, 11, 0))
    found = queries.earlier_for(app, "major_complaint", contact=" 13912345678 ")
    assert [e.id for e in found.incidents] == [first.id] and found.open_count == 1
    assert queries.earlier_for(app, "major_complaint", contact="13800000000").count == 0
    assert queries.earlier_for(app, "major_complaint").count == 0  # no number: nothing


def test_repeat_complaint_while_first_unresolved_is_graded_major(app, staff, clock):
    """Seed 004: 重大投诉 — 经住户多次提出而得不到解决的投诉."""
    first = register(app, clock, "duty1", "major_complaint", local(2026, 11, 24, 10, 0),
                     contact="13912345678", title="楼道漏水")  # fmt: skip
    assert first.level == "effective"
    second = register(app, clock, "duty1", "major_complaint", local(2026, 11, 26, 9, 0),
                      contact="13912345678", title="楼道漏水再次投诉")  # fmt: skip
    assert second.level == "major"
    t = tasks_of(app, second.id)
    assert t["clear_answer"].due_at == local(2026, 11, 27, 9, 0)  # 24 小时内明确答复
    assert t["major_same_day"].due_at == local(2026, 11, 27, 0, 0)  # 当天呈送
    own = {c.rule: c.clock for c in queries.show(app, second.id).incident_clocks}
    assert own["resolve_3d"].due_at == iso(2026, 11, 29, 9, 0)
    assert "escalate_month" not in own or own["escalate_month"].clock_state == "cancelled"
    said = [e.text for e in queries.timeline(app, second.id)]
    assert any("同一客户再次投诉" in x and f"#{first.id}" in x for x in said)
    assert queries.show(app, first.id).level == "effective"  # the first stays as it was


def test_repeat_complaint_after_the_first_was_resolved_keeps_its_level(app, staff, clock):
    first = register(app, clock, "duty1", "major_complaint", local(2026, 11, 24, 10, 0),
                     contact="13912345678")  # fmt: skip
    incidents.advance(app, "leader1", first.id, "handling")
    for t in tasks_of(app, first.id).values():
        if t.state == "open":
            tasks.complete(app, "leader1", t.id)
    incidents.advance(app, "leader1", first.id, "feedback")
    incidents.advance(app, "leader1", first.id, "closed")
    again = register(app, clock, "duty1", "major_complaint", local(2026, 11, 30, 9, 0),
                     contact="13912345678")  # fmt: skip
    assert again.level == "effective"
    assert again.earlier.count == 1 and again.earlier.open_count == 0


@pytest.mark.parametrize("typed", ["139 1234 5678", "139-1234-5678", " 13912345678 "])
def test_same_number_typed_with_spaces_or_dashes_is_the_same_complainant(app, staff, clock, typed):
    """The intake takes a number with spaces and dashes (--contact: digits, spaces, + - ( )):
    the same number typed another way is still the same 住户 coming back."""
    first = register(app, clock, "duty1", "major_complaint", local(2026, 11, 24, 10, 0),
                     contact="13912345678")  # fmt: skip
    again = register(app, clock, "duty1", "major_complaint", local(2026, 11, 25, 10, 0),
                     contact=typed)  # fmt: skip
    assert [e.id for e in again.earlier.incidents] == [first.id]
    assert again.level == "major"


# --- seed 001: 问题型投诉面谈、协商失败也会转为恶意投诉 -------------------------------------------
def test_failed_problem_complaint_retyped_malicious_cancels_problem_tasks_and_adds_malicious_ones(
    app, staff, clock
):
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0),
                   type="problem")  # fmt: skip
    t = tasks_of(app, inc.id)
    clock.set(local(2026, 11, 24, 10, 40))
    tasks.complete(app, "leader1", t["problem_contact"].id, "已电话沟通")
    problem_final_clock = t["problem_final"].clock_id
    clock.set(local(2026, 11, 24, 10, 50))
    own = tasks.add(app, "leader1", inc.id, title="调取通话录音", group="admin", within="1 小时")
    clock.set(local(2026, 11, 24, 11, 0))
    with pytest.raises(PermissionDenied):
        incidents.retype(app, "member_onsite", inc.id, "malicious", reason="协商失败")
    view = incidents.retype(app, "leader1", inc.id, "malicious", reason="面谈协商失败,要求高额赔偿")
    assert view.type == "malicious" and view.type_name == "恶意投诉"
    t = tasks_of(app, inc.id)
    for gone in ("problem_interview", "problem_opinion", "problem_final", "problem_approve",
                 "problem_execute"):  # fmt: skip
        assert t[gone].state == "cancelled", gone
    assert t["problem_contact"].state == "done"  # what was done stays done
    for new in ("malicious_contact", "malicious_opinion", "malicious_final", "malicious_result"):
        assert t[new].state == "open", new
    assert t["malicious_contact"].assignee == "duty1"  # 首问负责
    assert t["malicious_contact"].due_at is not None and t["malicious_final"].due_at is not None
    assert t["malicious_result"].due_at is None  # waits for 最终解决意见
    kept = next(x for x in view.tasks if x.id == own.id)  # the case's own task stays
    assert kept.state == "open" and kept.clock.due_at == iso(2026, 11, 24, 11, 50)
    shown_titles = {x.title for x in view.tasks}
    assert t["problem_final"].title not in shown_titles
    clocks = {c.clock.clock_id: c.clock.clock_state for c in queries.clocks_of(app, inc.id)}
    assert clocks[problem_final_clock] == "cancelled"
    said = [e.text for e in queries.timeline(app, inc.id)]
    assert any("问题型投诉 → 恶意投诉" in x and "面谈协商失败" in x for x in said)


def test_retype_names_what_is_wrong_and_saves_nothing(app, staff, clock):
    inc = register(app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0),
                   type="problem")  # fmt: skip
    before = written(app)
    for type_id, reason, field in (("malicious", "  ", "--reason"), ("fraud", "x", "type"),
                                   ("problem", "x", "type")):  # fmt: skip
        with pytest.raises(InputError) as info:
            incidents.retype(app, "leader1", inc.id, type_id, reason=reason)
        assert info.value.field == field
    assert written(app) == before


# --- seed 002: 首问负责, 舆情危机, 监督小组 ------------------------------------------------------
def test_first_receiver_is_the_registering_user_and_owns_first_receiver_tasks(app, staff, clock):
    hire(app, "kefu2", "member", group="execution", org_role="complaint_officer", ab="A")
    inc = register(app, clock, "kefu2", "customer_crisis", local(2026, 11, 24, 10, 0),
                   channel="phone", type="service")  # fmt: skip
    assert inc.first_receiver == "kefu2" and inc.recorded_by == "kefu2"
    t = tasks_of(app, inc.id)
    mine = {tid for tid, task in t.items() if task.assignee == "kefu2"}
    assert mine == {"respond_general", "phone_callback", "investigate", "resolve", "feedback",
                    "archive"}  # fmt: skip
    assert t["revisit"].assignee is None and t["process_fix"].assignee is None
    assert t["respond_general"].due_at == local(2026, 11, 24, 12, 0)  # 一般投诉2小时内响应
    assert t["phone_callback"].due_at == local(2026, 11, 24, 10, 30)  # 回电(30分钟内)
    clock.set(local(2026, 11, 24, 10, 20))
    assert tasks.complete(app, "kefu2", t["phone_callback"].id).done_by == "kefu2"
    said = [e.text for e in queries.timeline(app, inc.id)]
    assert "首问负责人 kefu2" in said[0]
    # registered by someone else, the first-receiver work is theirs
    other = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 10, 30))
    assert tasks_of(app, other.id)["respond_general"].assignee == "duty1"


def test_first_receivers_lapsed_task_alarms_them_first(app, staff, clock):
    """首问负责: the 客服员 who took the call hears first that the 10 分钟 have passed."""
    hire(app, "kefu1", "member", group="customer_service", org_role="cs_officer", ab="B")
    inc = register(app, clock, "kefu1", "major_complaint", local(2026, 11, 24, 10, 0))
    send_form = tasks_of(app, inc.id)["send_form"]
    clock.set(local(2026, 11, 24, 10, 11))
    alarms.sweep(app)
    lapsed = [a for a in all_alarms(app) if a.task == send_form.id and a.kind == "lapsed"]
    assert len(lapsed) == 1 and lapsed[0].recipients[0] == "kefu1"


def test_dissatisfied_revisit_sends_rehandling_to_the_first_receiver(app, staff, clock):
    """Seed 002 闭环管理: the 首问负责人 handles it again, within 24 小时."""
    hire(app, "kefu2", "member", group="execution", org_role="complaint_officer", ab="A")
    hire(app, "cx1", "supervisor", org_role="cx_reviewer", ab="A")
    inc = register(app, clock, "kefu2", "customer_crisis", local(2026, 11, 24, 10, 0))
    to_feedback(app, inc.id)
    clock.set(local(2026, 11, 25, 14, 0))
    revisits.record(app, "cx1", inc.id, "dissatisfied", "赔付未到账")
    again = tasks_of(app, inc.id)["rehandle:1:rehandle"]
    assert again.assignee == "kefu2" and again.due_at == local(2026, 11, 26, 14, 0)
    assert again.group_id == "execution"


def test_public_opinion_crisis_at_general_level_gets_golden_four_hours(app, staff, clock):
    """A 舆情 crisis is a 危机事件 at any grade: 黄金4小时 at 一般 and 紧急 too."""
    general = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 22, 0),
                       type="public_opinion", channel="online")  # fmt: skip
    t = tasks_of(app, general.id)
    assert t["crisis_core_opinion"].due_at == local(2026, 11, 25, 2, 0)
    assert t["crisis_core_opinion"].warn_at == local(2026, 11, 25, 1, 0)
    assert t["crisis_core_opinion"].group_id == "leadership"
    assert "crisis_core" not in t  # 特急's own rule
    urgent = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 22, 30),
                      type="public_opinion", level="urgent")  # fmt: skip
    assert tasks_of(app, urgent.id)["crisis_core_opinion"].due_at == local(2026, 11, 25, 2, 30)
    critical = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 23, 0),
                        type="public_opinion", level="critical")  # fmt: skip
    ct = tasks_of(app, critical.id)
    assert ct["crisis_core"].due_at == local(2026, 11, 25, 3, 0)
    assert "crisis_core_opinion" not in ct  # not twice
    plain = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 23, 10),
                     type="service")  # fmt: skip
    assert "crisis_core_opinion" not in tasks_of(app, plain.id)
    # an ordinary complaint found to be a 舆情 crisis later gets its golden hours then
    clock.set(local(2026, 11, 24, 23, 30))
    incidents.retype(app, "leader1", plain.id, "public_opinion", reason="微博大量转发")
    assert tasks_of(app, plain.id)["crisis_core_opinion"].state == "open"


def test_supervision_group_completes_its_revisit_task(app, staff, clock):
    """监督小组: 评估处理结果满意度,开展客户回访验证 — the 客户体验回访岗 records the 回访."""
    hire(app, "cx1", "supervisor", org_role="cx_reviewer", ab="A")
    inc = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 10, 0))
    to_feedback(app, inc.id)
    clock.set(local(2026, 11, 25, 10, 0))
    revisits.record(app, "cx1", inc.id, "satisfied", "客户确认已解决")
    t = tasks_of(app, inc.id)["revisit"]
    assert (t.state, t.done_by) == ("done", "cx1")
    # the supervisor the plan does not name records nothing
    with pytest.raises(PermissionDenied):
        revisits.record(app, "super1", inc.id, "satisfied")


def test_supervision_group_member_completes_its_own_groups_audit_task(app, staff, clock):
    """actions.py: 监督小组 (supervisors) complete their own group's tasks (回访验证, 审计) —
    a supervisor of the 监督小组 ticks off 审计处理真实性, and nothing of another group."""
    hire(app, "auditor", "supervisor", group="supervision", org_role="quality_auditor", ab="A")
    inc = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 10, 0))
    t = tasks_of(app, inc.id)
    clock.set(local(2026, 11, 24, 11, 0))
    assert tasks.complete(app, "auditor", t["audit_truth"].id, "已抽查录音").done_by == "auditor"
    with pytest.raises(PermissionDenied):
        tasks.complete(app, "auditor", t["investigate"].id)


def test_resident_dissatisfied_is_handled_again_within_three_days(app, staff, clock):
    """Seed 004: 客服部主管在投诉处理完毕后安排回访; 不满意: the department handles it again and
    the result is reported to the resident, each within 3 日 of the 回访."""
    hire(app, "kefu1", "member", group="customer_service", org_role="cs_officer", ab="A")
    hire(app, "cs_head", "member", group="customer_service", org_role="cs_supervisor", ab="A")
    inc = register(app, clock, "kefu1", "major_complaint", local(2026, 11, 24, 10, 0))
    to_feedback(app, inc.id)
    clock.set(local(2026, 11, 25, 16, 0))
    with pytest.raises(PermissionDenied):  # the 客服员 who took it does not record the 回访
        revisits.record(app, "kefu1", inc.id, "dissatisfied")
    revisits.record(app, "cs_head", inc.id, "dissatisfied", "漏水未根治")
    t = tasks_of(app, inc.id)
    assert t["rehandle:1:rehandle"].group_id == "complained"
    assert t["rehandle:1:rehandle"].due_at == local(2026, 11, 28, 16, 0)
    assert t["rehandle:1:notify_result"].assignee == "kefu1"
    assert t["rehandle:1:notify_result"].due_at == local(2026, 11, 28, 16, 0)


def test_revisit_and_retype_from_the_command_line(staff_url):
    def cli(now: str, *args: str) -> tuple[int, str, str]:
        return _run_in_process(staff_url, now, *args)

    code, out, err = cli("2026-11-24T10:00:00+08:00", "report", "--plan", "complaint_types", "--title",
                         "退费纠纷", "--channel", "letter", "--type", "problem", "--order-no", "HT-7",
                         "--respondent", "财务部", "--as", "duty1", "--json")  # fmt: skip
    assert code == 0, err
    iid = str(json.loads(out)["id"])
    code, out, err = cli("2026-11-24T11:00:00+08:00", "retype", iid, "malicious", "--reason",
                         "协商失败", "--as", "leader1", "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["type"] == "malicious", err
    code, _, err = cli("2026-11-24T11:00:00+08:00", "retype", iid, "malicious", "--as", "leader1")
    assert code == 2 and "--reason" in err
    for state in ("handling", "feedback"):
        assert cli("2026-11-24T11:05:00+08:00", "advance", iid, state, "--as", "leader1")[0] == 0
    code, _, err = cli("2026-11-24T12:00:00+08:00", "revisit", iid, "--result", "angry", "--as",
                       "leader1")  # fmt: skip
    assert code == 2 and "--result" in err
    code, out, err = cli("2026-11-24T12:00:00+08:00", "revisit", iid, "--result", "dissatisfied",
                         "--note", "仍有异议", "--as", "leader1", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["rehandle_round"] == 1
    code, out, _ = cli("2026-11-24T12:01:00+08:00", "show", iid, "--json")
    shown = json.loads(out)
    assert shown["state"] == "handling" and shown["channel_name"] == "信函"
    assert (shown["order_no"], shown["respondent"]) == ("HT-7", "财务部")
    assert [r["result"] for r in shown["revisits"]] == ["dissatisfied"]
    code, out, _ = cli("2026-11-24T12:01:00+08:00", "show", iid)
    assert "订单号 HT-7" in out and "回访" in out


# --- seed 004: 24 小时内明确答复 -----------------------------------------------------------
def test_clear_answer_24_hours_only_for_major(app, staff, clock):
    effective = register(app, clock, "duty1", "major_complaint", local(2026, 11, 24, 10, 0))
    assert "clear_answer" not in tasks_of(app, effective.id)
    assert {c.rule for c in queries.show(app, effective.id).incident_clocks} == {"escalate_month"}
    important = register(app, clock, "duty1", "major_complaint", local(2026, 11, 24, 10, 5),
                         level="important")  # fmt: skip
    assert "clear_answer" not in tasks_of(app, important.id)
    major = register(app, clock, "duty1", "major_complaint", local(2026, 11, 24, 10, 10),
                     level="major")  # fmt: skip
    answer = tasks_of(app, major.id)["clear_answer"]
    assert answer.due_at == local(2026, 11, 25, 10, 10)
    assert answer.warn_at == local(2026, 11, 25, 6, 10)  # 4 小时 before
    # re-graded to 重大 later, the answer is still due 24 小时 from the complaint
    clock.set(local(2026, 11, 24, 15, 0))
    incidents.regrade(app, "leader1", effective.id, "major", reason="住户多次来电")
    assert tasks_of(app, effective.id)["clear_answer"].due_at == local(2026, 11, 25, 10, 0)
    # and back to 有效投诉, it is no longer asked for
    clock.set(local(2026, 11, 24, 15, 30))
    incidents.regrade(app, "leader1", effective.id, "effective", reason="核实为一般问题")
    assert tasks_of(app, effective.id)["clear_answer"].state == "cancelled"


# --- seed 003: 领导赶到现场, 报送发起行 -----------------------------------------------------
def test_leader_onsite_counts_from_the_report_task(app, staff, clock):
    """分管'文优服务'的领导在接报告后应立即赶到现场 — from the branch's report, not from 接报."""
    iid = open_incident(app, clock, "bank_complaint", local(2026, 11, 24, 10, 0), level="disorder")
    t = tasks_of(app, iid)
    assert t["report_office"].due_at == local(2026, 11, 24, 10, 15)
    assert t["leader_onsite"].due_at is None
    clock.set(local(2026, 11, 24, 10, 12))
    tasks.complete(app, "leader1", t["report_office"].id, "已报告行长室")
    assert tasks_of(app, iid)["leader_onsite"].due_at == local(2026, 11, 24, 10, 42)
    clock.set(local(2026, 11, 24, 10, 14))
    tasks.reopen(app, "leader1", t["report_office"].id, "误点完成")
    assert tasks_of(app, iid)["leader_onsite"].due_at is None
    clock.set(local(2026, 11, 24, 10, 20))
    tasks.complete(app, "leader1", t["report_office"].id)
    assert tasks_of(app, iid)["leader_onsite"].due_at == local(2026, 11, 24, 10, 50)


def test_report_to_origin_bank_applies_to_general_level(app, staff, clock):
    """应在客户投诉过激行为事件处理完的三日内 … 报送发起行 — at 一般客户投诉 too."""
    iid = open_incident(app, clock, "bank_complaint", local(2026, 11, 24, 10, 0), level="mild")
    t = tasks_of(app, iid)
    assert t["report_origin"].state == "open" and t["report_origin"].due_at is None
    assert "leader_onsite" not in t and "call_police" not in t
    incidents.advance(app, "leader1", iid, "handling")
    clock.set(local(2026, 11, 24, 15, 0))
    incidents.advance(app, "leader1", iid, "feedback")
    t = tasks_of(app, iid)
    assert t["report_origin"].due_at == local(2026, 11, 27, 15, 0)
    assert t["report_origin"].warn_at == local(2026, 11, 26, 15, 0)  # 1 日 before
    assert t["satisfaction"].due_at is not None


def test_bank_dissatisfied_customer_is_handled_again_within_a_day(app, staff, clock):
    hire(app, "branch_mgr", "member", group="branch", org_role="branch_handler", ab="A")
    iid = open_incident(app, clock, "bank_complaint", local(2026, 11, 24, 10, 0))
    to_feedback(app, iid)
    clock.set(local(2026, 11, 24, 16, 0))
    revisits.record(app, "branch_mgr", iid, "dissatisfied")
    again = tasks_of(app, iid)["rehandle:1:rehandle"]
    assert again.group_id == "branch" and again.due_at == local(2026, 11, 25, 16, 0)
    assert queries.show(app, iid).state == "handling"


def test_dissatisfied_revisit_does_not_alarm_on_a_survey_done_in_time(app, staff, clock):
    """Seed 003: 做好客户满意度调查 within its 2 个工作日 (met). When the customer later says
    不满意, the branch handles it again on a fresh 1 日 clock; the survey done in time is not
    reported 超时 for a deadline that passed while it stood done."""
    iid = open_incident(app, clock, "bank_complaint", local(2026, 11, 24, 10, 0))
    to_feedback(app, iid)
    clock.set(local(2026, 11, 25, 9, 0))
    revisits.record(app, "leader1", iid, "satisfied")
    survey = tasks_of(app, iid)["satisfaction"]
    assert survey.state == "done" and survey.clock.status == "stopped"
    met_clock = survey.clock_id
    clock.set(local(2026, 12, 3, 10, 0))  # the customer calls back a week later
    revisits.record(app, "leader1", iid, "dissatisfied", "问题复发")
    alarms.sweep(app)
    stale = [a for a in all_alarms(app) if a.task == survey.id and a.kind == "lapsed"]
    assert stale == [], [(a.title, a.due_at) for a in stale]
    states = {c.clock.clock_id: c.clock.clock_state for c in queries.clocks_of(app, iid)}
    assert states[met_clock] in ("met", "cancelled")


# --- plan files: the new fields are checked, by name ----------------------------------------
def _plan_data(name: str) -> dict:
    return yaml.safe_load((PLANS_DIR / name).read_text(encoding="utf-8"))


def _revisit_by(d: dict) -> None:
    d["revisit"]["by"] = ["admin_lead", "chef"]


def _revisit_task(d: dict) -> None:
    d["revisit"]["task"] = "no_such_task"


def _rehandle_task(d: dict) -> None:
    d["revisit"]["rehandle"][1]["task"] = "no_such_task"


def _rehandle_within(d: dict) -> None:
    d["revisit"]["rehandle"][0]["within"] = "3 fortnights"


def _starts(d: dict) -> None:
    d["task_templates"][0]["starts"] = "whenever"


def _assign(d: dict) -> None:
    d["task_templates"][0]["assign"] = "whoever"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (_revisit_by, "revisit.by[1]: no role 'chef'"),
        (_revisit_task, "revisit.task: no task template 'no_such_task'"),
        (_rehandle_task, "revisit.rehandle[1].task: no task template 'no_such_task'"),
        (_rehandle_within, "revisit.rehandle[0].within: unknown unit 'fortnights'"),
        (_starts, "task_templates[0].starts:"),
        (_assign, "task_templates[0].assign:"),
    ],
)
def test_plan_refuses_revisit_naming_unknown_role(change, says):
    """Plan validation names the field: a 回访 by a role the org chart lacks, a task that
    is not there, a start or assignment the console does not know."""
    data = _plan_data("001_complaint_types.yaml")
    assert parse_plan(data).revisit is not None
    change(data)
    with pytest.raises(PlanError) as info:
        parse_plan(data)
    assert any(says in e for e in info.value.errors), info.value.errors


def test_plan_refuses_repeat_grading_to_an_unknown_level_and_reported_tasks_on_activated_clocks():
    data = _plan_data("004_major_complaint.yaml")
    data["repeat"]["regrade_to"] = "catastrophic"
    with pytest.raises(PlanError) as info:
        parse_plan(data)
    assert "repeat.regrade_to: no level 'catastrophic'" in info.value.errors
    data = _plan_data("000_group_complaint.yaml")
    i = next(i for i, t in enumerate(data["task_templates"]) if t["id"] == "notify_groups")
    data["task_templates"][i]["starts"] = "reported"
    with pytest.raises(PlanError) as info:
        parse_plan(data)
    assert any(e.startswith(f"task_templates[{i}].starts:") for e in info.value.errors)


def test_plans_check_on_the_command_line_names_the_revisit_field(tmp_path, capsys):
    text = (PLANS_DIR / "002_customer_crisis.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace("by: [cx_reviewer]", "by: [cx_reviewer, janitor]", 1), encoding="utf-8"
    )
    assert main(["plans", "check", str(bad)]) == 2
    assert "revisit.by[1]: no role 'janitor'" in capsys.readouterr().err


def test_every_shipped_plan_loads_with_its_complaint_life_fields():
    from console.plans.plan import load_catalogue

    catalogue = load_catalogue()
    assert catalogue.broken == {}
    assert catalogue.get("major_complaint").repeat.regrade_to == "major"
    for pid in ("complaint_types", "customer_crisis", "bank_complaint", "major_complaint",
                "campus_complaint"):  # fmt: skip
        plan = catalogue.get(pid)
        assert plan.revisit is not None and plan.revisit.by, pid


# --- found in review -----------------------------------------------------------------------
def test_evidence_rewritten_together_with_its_hash_is_still_refused(
    app, staff, clock, db_url, tmp_path
):
    """The audit chain holds the hash taken at attachment: bytes, size and the row's own
    hash rewritten together are still caught, and nothing is written back."""
    inc = register(app, clock, "duty1", "customer_crisis", local(2026, 11, 24, 10, 0))
    src = tmp_path / "录音.wav"
    src.write_bytes(EVIDENCE)
    kept = evidence.attach(app, "duty1", inc.id, src)
    forged = b"another recording entirely"
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    conn.execute("UPDATE attachments SET data = ?, sha256 = ?, size = ? WHERE id = ?",
                 (forged, hashlib.sha256(forged).hexdigest(), len(forged), kept.id))  # fmt: skip
    conn.commit()
    conn.close()
    out = tmp_path / "out.wav"
    with pytest.raises(Tampered, match=kept.sha256):
        evidence.save(app, kept.id, out)
    assert not out.exists()


def test_a_case_handled_without_activation_is_activated_when_it_becomes_major(app, staff, clock):
    """Seed 004: 有效投诉在一个月内得不到合理解决 — 重大投诉; the emergency team's work (秩维部,
    工程部) comes with 启动预案, which a case already being handled can still call for."""
    inc = register(app, clock, "duty1", "major_complaint", local(2026, 10, 8, 9, 0))
    incidents.advance(app, "leader1", inc.id, "handling")
    clock.set(local(2026, 11, 8, 9, 1))
    alarms.sweep(app)
    assert queries.show(app, inc.id).level == "major"
    assert "site_security" not in tasks_of(app, inc.id)
    shown = incidents.activate(app, "leader1", inc.id)
    assert shown.state == "activated"
    assert {"site_security", "facilities", "lessons"} <= set(tasks_of(app, inc.id))
    with pytest.raises(InputError, match="once"):  # and only once
        incidents.advance(app, "leader1", inc.id, "handling")
        incidents.activate(app, "leader1", inc.id)


def test_urgent_activation_clock_is_withdrawn_when_the_case_closes_without_activation(
    app, staff, clock
):
    """研判 may conclude that no plan is needed: the 紧急 activation clock then alarms nobody."""
    inc = register(
        app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0), level="urgent"
    )
    for t in tasks_of(app, inc.id).values():
        tasks.complete(app, "leader1", t.id)
    incidents.advance(app, "leader1", inc.id, "assessing")
    clock.set(local(2026, 11, 24, 10, 5))
    incidents.advance(app, "leader1", inc.id, "closed")
    clock.set(local(2026, 11, 24, 10, 40))
    alarms.sweep(app)
    assert [a for a in all_alarms(app) if a.incident == inc.id and a.task is None] == []
    (own,) = [
        c for c in queries.clocks_of(app, inc.id) if c.task is None and c.rule == "urgent_start"
    ]
    assert own.clock.clock_state == "cancelled"


def test_the_first_receiver_completes_the_tasks_assigned_to_them_whatever_their_role(
    app, staff, clock
):
    """Seed 002 首问负责: the 值班员 who took the report sees it through (seed 000's 第一时间报告)."""
    inc = register(app, clock, "duty1", "group_complaint", local(2026, 11, 24, 10, 0))
    report_up = tasks_of(app, inc.id)["report_up"]
    assert report_up.assignee == "duty1"
    assert tasks.complete(app, "duty1", report_up.id, "已电话报告张组长").done_by == "duty1"
    with pytest.raises(PermissionDenied):  # not the others: the assessment is the leaders'
        tasks.complete(app, "duty1", tasks_of(app, inc.id)["initial_assessment"].id)


def test_a_second_dissatisfied_revisit_replaces_the_open_round(app, staff, clock):
    hire(app, "admin_kefu", "member", group="admin", org_role="complaint_officer", ab="A")
    inc = register(
        app, clock, "duty1", "complaint_types", local(2026, 11, 24, 10, 0), type="problem"
    )
    to_feedback(app, inc.id)
    clock.set(local(2026, 11, 25, 9, 0))
    revisits.record(app, "admin_kefu", inc.id, "dissatisfied", "补偿不足")
    clock.set(local(2026, 11, 25, 15, 0))  # the customer calls again before round 1 is done
    revisits.record(app, "admin_kefu", inc.id, "dissatisfied", "仍不满意")
    t = tasks_of(app, inc.id)
    assert t["rehandle:1:reinvestigate"].state == "cancelled"
    assert t["rehandle:1:revisit"].state == "done"  # the second call was round 1's 回访
    assert t["rehandle:2:reinvestigate"].state == "open"
    assert t["rehandle:2:reinvestigate"].due_at == local(2026, 11, 26, 15, 0)
