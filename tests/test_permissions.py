"""Every role × every action, through the services. The expected table is written from
the issues, not copied from the code: only leader/deputy activate, re-grade, reassign and
advance; a coordinator acts on their own group's tasks and alarms only; the duty desk
acknowledges any alarm; supervisors read (and complete their own 监督小组's tasks); the
front line (客服员: members and coordinators) registers reports (issue 17). tests/test_security.py runs the same table
through the command line."""

import json
import tempfile
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.actions import ACTIONS, BY_ID, Action, permission
from console.drills.scenario import load_scenario
from console.errors import PermissionDenied
from console.people.permissions import GROUP_ROLES, MATRIX, Role
from console.plans.plan import load_catalogue
from console.services import (
    alarms,
    drills,
    evidence,
    forms,
    help,
    incidents,
    notify,
    queries,
    reports,
    revisits,
    shifts,
    sitreps,
    stats,
    tasks,
    users,
)
from console.services.alarms import sweep
from console.services.calendar import import_year
from console.services.incidents import ReportInput
from console.time.calendar import parse_year_file
from models import AuditEntry, Task
from tests.conftest import STAFF
from tests.test_calendar import YEAR_2027

ROOT = Path(__file__).resolve().parent.parent
BRANCH_DRILL = ROOT / "resources/drills/000_branch_mass_complaint.yaml"
EVIDENCE = Path(tempfile.mkdtemp(prefix="console-evidence-")) / "现场照片.jpg"  # by _prepare

Y, N = True, False
# role user:            leader  deputy  coord(own) coord(other) member(own) duty  supervisor
EXPECTED = {
    "register":         (Y,     Y,      Y,         Y,           Y,          Y,    N),
    "activate":         (Y,     Y,      N,         N,           N,          N,    N),
    "regrade":          (Y,     Y,      N,         N,           N,          N,    N),
    "advance":          (Y,     Y,      N,         N,           N,          N,    N),
    "reassign":         (Y,     Y,      N,         N,           N,          N,    N),
    "complete":         (Y,     Y,      Y,         N,           Y,          N,    N),
    "block":            (Y,     Y,      Y,         N,           Y,          N,    N),
    "reopen":           (Y,     Y,      Y,         N,           N,          N,    N),
    "note":             (Y,     Y,      Y,         Y,           Y,          Y,    N),
    "pause":            (Y,     Y,      Y,         N,           N,          N,    N),
    "resume":           (Y,     Y,      Y,         N,           N,          N,    N),
    "ack":              (Y,     Y,      Y,         N,           Y,          Y,    N),
    "shelve":           (Y,     Y,      Y,         N,           N,          N,    N),
    "shift":            (Y,     Y,      N,         N,           N,          Y,    N),
    "force_handover":   (Y,     Y,      N,         N,           N,          N,    N),
    "manage_users":     (Y,     N,      N,         N,           N,          N,    N),
    "drill":            (Y,     Y,      N,         N,           N,          N,    N),
    # per-case work (issue 17): a task with its own deadline by the leaders, or by a
    # coordinator for their own group; the complaint type changed as a level is; evidence
    # attached by anyone who works the case (supervisors read it)
    "add_task":         (Y,     Y,      Y,         N,           N,          N,    N),
    "retype":           (Y,     Y,      N,         N,           N,          N,    N),
    "attach":           (Y,     Y,      Y,         Y,           Y,          Y,    N),
    # printing with complainants' numbers in full: the plan's unmask_roles (by default
    # 组长/副组长/值班员), and it is logged
    "unmask":           (Y,     Y,      N,         N,           N,          Y,    N),
    # reports upward (issue 19): drafted by the leaders, coordinators and duty officers;
    # signed (签发) by the leader or a deputy only
    "sitrep":           (Y,     Y,      Y,         Y,           N,          Y,    N),
    "sign":             (Y,     Y,      N,         N,           N,          N,    N),
    # 求助 (issue 21): a group asks for help with its own task (the duty officer with any);
    # the leader or a deputy acknowledges it
    "help":             (N,     N,      Y,         N,           Y,          Y,    N),
    "ack_help":         (Y,     Y,      N,         N,           N,          N,    N),
    "read":             (Y,     Y,      Y,         Y,           Y,          Y,    Y),
}  # fmt: skip
ACTORS = [
    "leader1",
    "deputy1",
    "coord_onsite",
    "coord_coordination",
    "member_onsite",
    "duty1",
    "super1",
]


@cache
def _plans(folder: Path):  # type: ignore[no-untyped-def]
    return load_catalogue(folder)


@pytest.fixture(autouse=True)
def _plans_read_once(monkeypatch):
    """The plan files are read once for all these tests (read-only data; parsing them is
    most of the cost of opening a database)."""
    monkeypatch.setattr("console.context.load_catalogue", _plans)


def _setup(app, clock):
    """A reported incident, an activated one with an onsite task done (for reopen), and
    an onsite alarm from an older incident."""
    clock.advance(timedelta(hours=-2))
    older = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="两小时前", channel="onsite")
    )
    incidents.activate(app, "leader1", older.id)
    clock.advance(timedelta(hours=2))
    sweep(app)
    alarm = next(a for a in alarms.list_alarms(app) if a.group == "onsite")
    reported = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="待研判", channel="phone")
    )
    active = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="已启动", channel="onsite")
    )
    incidents.activate(app, "leader1", active.id)
    with app.read() as s:
        rows = s.execute(select(Task).where(Task.incident_id == active.id)).scalars()
        onsite = {t.template_id: t.id for t in rows}
    tasks.complete(app, "leader1", onsite["keep_order"])
    onsite["alarm"] = alarm.id
    onsite["active"] = active.id
    return reported.id, active.id, onsite


def _prepare(app, action, onsite):
    """What an action needs beyond `_setup`, done by someone allowed to."""
    if action == "retype":  # a plan with complaint types (seed 001)
        onsite["typed"] = incidents.register(app, "duty1", ReportInput(
            plan="complaint_types", title="家长投诉补课费", channel="phone", type="problem")).id  # fmt: skip
    elif action == "revisit":  # a plan that asks for 回访 (seed 002), its case being handled
        onsite["handled"] = incidents.register(app, "duty1", ReportInput(
            plan="customer_crisis", title="快递破损", channel="online")).id  # fmt: skip
        incidents.advance(app, "leader1", onsite["handled"], "handling")
    elif action == "attach":
        EVIDENCE.write_bytes(b"\xff\xd8\xff\xe0 photo")
    elif action == "resume":
        tasks.pause(app, "leader1", onsite["arrive_onsite"], "等待投诉代表到场")
    elif action == "force_handover":
        shifts.start_shift(app, "duty1", "duty1")
    elif action == "form":  # a plan with paper forms (seed 004)
        onsite["resident"] = incidents.register(app, "duty1", ReportInput(
            plan="major_complaint", title="电梯停运", channel="phone")).id  # fmt: skip
    elif action == "ack_help":
        onsite["help"] = help.ask(app, "coord_onsite", onsite["arrive_onsite"], "需增派安保").id
    elif action in ("sign", "sitrep_print"):
        onsite["draft"] = sitreps.add(app, "duty1", onsite["active"], "first").id


def _attempt(app, action, actor, reported, active, onsite, out: Path | None = None):
    if action == "register":
        incidents.register(
            app, actor, ReportInput(plan="group_complaint", title="新接报", channel="online")
        )
    elif action == "activate":
        incidents.activate(app, actor, reported)
    elif action == "regrade":
        incidents.regrade(app, actor, active, "major")
    elif action == "advance":
        incidents.advance(app, actor, reported, "assessing")
    elif action == "reassign":
        tasks.reassign(app, actor, onsite["arrive_onsite"], user_name="member_onsite")
    elif action == "complete":
        tasks.complete(app, actor, onsite["arrive_onsite"])
    elif action == "block":
        tasks.block(app, actor, onsite["arrive_onsite"], "等待警方到场")
    elif action == "reopen":
        tasks.reopen(app, actor, onsite["keep_order"])
    elif action == "note":
        incidents.add_note(app, actor, active, "现场情绪趋稳")
    elif action == "pause":
        tasks.pause(app, actor, onsite["arrive_onsite"], "等待投诉代表到场")
    elif action == "resume":
        tasks.resume(app, actor, onsite["arrive_onsite"])
    elif action == "ack":
        alarms.ack(app, actor, onsite["alarm"])
    elif action == "shelve":
        alarms.shelve(app, actor, onsite["alarm"], 15, "已派人前往现场")
    elif action == "shift":
        shifts.start_shift(app, actor, "duty1")
    elif action == "force_handover":  # a no-handover step (现场处置) is in progress
        shifts.handover(app, actor, "deputy1", override="现场已稳定,副组长接手")
    elif action == "manage_users":
        users.add_user(app, actor, "newcomer", "member", group="logistics")
    elif action == "drill":
        drills.start(app, actor, *load_scenario(BRANCH_DRILL, app.catalogue), mode="headless",
                     name="perm_drill").close()  # fmt: skip
    elif action == "unmask":
        reports.print_handover(app, actor, out / "sheet.pdf", unmask=True)
        reports.print_incident_report(app, actor, active, out / "report.pdf", unmask=True)
    elif action == "add_task":
        tasks.add(
            app, actor, active, title="约见投诉代表,说明时间表", group="onsite", within="2 小时"
        )
    elif action == "retype":
        incidents.retype(app, actor, onsite["typed"], "malicious", reason="面谈协商失败")
    elif action == "revisit":
        revisits.record(app, actor, onsite["handled"], "satisfied")
    elif action == "attach":
        evidence.attach(app, actor, active, EVIDENCE, note="现场照片")
    elif action == "sitrep":
        sitreps.add(app, actor, active, "first")
    elif action == "sign":
        sitreps.sign(app, actor, onsite["draft"])
    elif action == "help":
        help.ask(app, actor, onsite["arrive_onsite"], "现场人数增至 80 人,需增派安保")
    elif action == "ack_help":
        help.acknowledge(app, actor, onsite["help"])
    elif action == "read":
        queries.show(app, active)
        queries.board(app)
    else:
        raise AssertionError(action)


def _audit(app) -> list[tuple[str, str, str]]:
    with app.read() as s:
        rows = s.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.after)
                         .order_by(AuditEntry.seq)).all()  # fmt: skip
    return [tuple(r) for r in rows]


@pytest.mark.parametrize("action", list(EXPECTED))
@pytest.mark.parametrize("index", range(len(ACTORS)), ids=ACTORS)
def test_role_action_matrix(app, staff, clock, tmp_path, action, index):
    reported, active, onsite = _setup(app, clock)
    actor = ACTORS[index]
    _prepare(app, action, onsite)
    with app.read() as s:
        audit_before = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    if EXPECTED[action][index]:
        _attempt(app, action, actor, reported, active, onsite, tmp_path)
        if action == "read":
            return
        written = _audit(app)[audit_before:]  # done, and in the acting user's name
        if action == "drill":  # a drill is recorded in a database of its own, beside this one
            assert written == [] and [d["session"] for d in drills.list_sessions(app.url)] == [
                "perm_drill"
            ]
            drill = drills.open_session(app.url, "perm_drill")
            written = [e for e in _audit(drill) if e[1] == "drill.start"]
            drill.close()
        assert written and {who for who, _, _ in written} == {actor}
        if action == "unmask":
            assert [(a, json.loads(after)["unmasked"]) for _, a, after in written] == [
                ("handover.print", True),
                ("report.print", True),
            ]
    else:
        with pytest.raises(PermissionDenied):
            _attempt(app, action, actor, reported, active, onsite, tmp_path)
        with app.read() as s:  # refused: nothing written
            assert (
                s.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == audit_before
            )
        assert not list(tmp_path.glob("*.pdf"))
        assert drills.list_sessions(app.url) == []


def test_an_unknown_or_missing_actor_is_refused(app, staff):
    data = ReportInput(plan="group_complaint", title="t", channel="onsite")
    with pytest.raises(PermissionDenied, match="--as"):
        incidents.register(app, None, data)
    with pytest.raises(PermissionDenied, match="no active user"):
        incidents.register(app, "mallory", data)


def test_passwords_are_stored_hashed_and_checked(app):
    users.add_user(app, None, "li", "leader", password="correct horse 1")
    from models import User

    with app.read() as s:
        stored = s.execute(select(User.password_hash).where(User.name == "li")).scalar_one()
    assert stored.startswith("scrypt$") and "correct horse" not in stored
    assert users.authenticate(app, "li", "correct horse 1").role == "leader"
    with pytest.raises(PermissionDenied):
        users.authenticate(app, "li", "wrong horse")


def test_an_alarm_s_recipient_handles_it_beyond_their_group_within_their_role(app, staff, clock):
    """The alarm goes to the A角 holder of the task's role, here a member of another group:
    they may acknowledge it (members acknowledge) but not shelve it (members never shelve,
    and their seat shows no 搁置), which would hold back its escalation to the leader."""
    users.add_user(
        app, None, "night_a", "member", group="logistics", org_role="onsite_lead", ab="A"
    )
    users.add_user(app, None, "super_a", "supervisor", org_role="negotiation_lead", ab="A")
    iid = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="网点聚集", channel="onsite")
    ).id
    incidents.activate(app, "leader1", iid)
    clock.advance(timedelta(hours=2))
    sweep(app)
    alarm = next(a for a in alarms.list_alarms(app) if a.recipients == ("night_a",))
    assert alarm.group == "onsite"
    audit_before = len(_audit(app))
    with pytest.raises(PermissionDenied, match="搁置"):
        alarms.shelve(app, "night_a", alarm.id, 15, "稍后处理")
    assert len(_audit(app)) == audit_before
    assert alarms.ack(app, "night_a", alarm.id).acknowledged_by == "night_a"
    to_supervisor = next(a for a in alarms.list_alarms(app) if a.recipients == ("super_a",))
    with pytest.raises(PermissionDenied):  # a supervisor reads, whatever is sent to them
        alarms.ack(app, "super_a", to_supervisor.id)
    assert len(_audit(app)) == audit_before + 1


# --- the registry (console/actions.py): every action in it, through the services ---------
ROLE_OF = {name: (Role(role), group) for name, role, group in STAFF}
TARGET_GROUP = "onsite"  # the group of the tasks and the alarm `_attempt` acts on
# Reading in a dialog of the window: every role reads, and no service has a refusal to give.
WINDOW_ONLY = {"detail", "drill_review"}
DRILL_ENTRIES = {"drill_report", "drill_pause", "drill_stop"}


def registry_allows(needs: Action, actor: str) -> bool:
    """What the registry says of an actor acting on an onsite task or alarm."""
    holder, (role, group) = permission(needs), ROLE_OF[actor]
    scoped = GROUP_ROLES | {Role.SUPERVISOR}  # supervisors: their own group's tasks only
    return role in holder.roles and (
        not holder.own_group or role not in scoped or group == TARGET_GROUP
    )


def test_the_registry_grants_what_the_issues_say():
    """The matrix the services enforce comes from the registry; here it meets the table
    written from the issues, row by row (resume is the pause permission's, printing
    unmasked is the plans' unmask_roles, not the registry's)."""
    rows = {e.id: e.needs for e in ACTIONS if e.id in EXPECTED}
    rows |= {"resume": Action.PAUSE}
    assert set(rows) == set(EXPECTED) - {"unmask"}
    for row, needs in rows.items():
        assert needs is not None
        assert [registry_allows(needs, a) for a in ACTORS] == list(EXPECTED[row]), row
    assert {a for a in Action} == {e.needs for e in ACTIONS if e.id == e.needs}
    # the director exists in drill databases only: the registry's word, as the issues have it
    director = {a.value for a in MATRIX[Role.DIRECTOR]}
    assert director == {"read", "register", "note", "block", "drill"}


def _registry_attempt(app, entry_id, actor, reported, active, onsite, out, drill):
    if entry_id == "follow_up":
        incidents.follow_up(app, actor, active, people=60)
    elif entry_id == "undo":  # leader1 completed keep_order in `_setup`
        tasks.undo_complete(app, actor, onsite["keep_order"])
    elif entry_id == "calendar_import":
        import_year(app, actor, parse_year_file(YEAR_2027), YEAR_2027)
    elif entry_id in ("handover_sheet", "handover_sheet_pdf"):
        reports.print_handover(app, actor, out / "sheet.pdf")
    elif entry_id == "incident_report":
        reports.print_incident_report(app, actor, active, out / "report.pdf")
    elif entry_id == "drill_report":
        reports.print_drill_report(drill, actor, out / "drill.pdf")
    elif entry_id == "drill_pause":
        drills.pause(drill, actor)
    elif entry_id == "drill_stop":
        drills.stop(drill, actor)
    elif entry_id == "stats":
        stats.compute(app, actor, start=date(2026, 11, 1), end=date(2026, 11, 30))
    elif entry_id == "form":
        forms.print_form(app, actor, onsite["resident"], "complaint_record", out / "form.pdf")
    elif entry_id == "sitrep_print":
        sitreps.print_report(app, actor, onsite["draft"], out / "sitrep.pdf", fmt="pdf")
    elif entry_id == "sitreps":
        sitreps.list_for(app, actor, active)
    elif entry_id == "notify_admin":
        notify.add_channel(app, actor, "协调群", "json://127.0.0.1:9/hook", group="coordination")
    else:
        _attempt(app, entry_id, actor, reported, active, onsite, out)


def _deniers(needs: Action) -> list[str]:
    """The first actor whose role lacks the permission, and for a group-scoped one also
    the coordinator of another group."""
    lacking = [a for a in ACTORS if ROLE_OF[a][0] not in permission(needs).roles][:1]
    other = [a for a in ACTORS if ROLE_OF[a][1] not in (None, TARGET_GROUP)]
    return lacking + (other if permission(needs).own_group else [])


@pytest.mark.parametrize(
    "entry_id", [e.id for e in ACTIONS if e.needs is not None and e.id not in WINDOW_ONLY]
)
def test_every_registry_action_is_refused_without_its_permission_and_done_with_it(
    app, staff, clock, tmp_path, entry_id
):
    entry = BY_ID[entry_id]
    assert entry.needs is not None
    reported, active, onsite = _setup(app, clock)
    _prepare(app, entry_id, onsite)
    drill = None
    if entry_id in DRILL_ENTRIES:
        drill = drills.start(app, "leader1", *load_scenario(BRANCH_DRILL, app.catalogue),
                             mode="headless", name="registry_drill")  # fmt: skip
        for name, role, group in STAFF:
            users.add_user(drill, None, name, role, group=group)
        drills.resume(drill, None)
    try:
        books = [app] + ([drill] if drill is not None else [])
        for actor in _deniers(entry.needs):
            before = [len(_audit(b)) for b in books]
            with pytest.raises(PermissionDenied):
                _registry_attempt(app, entry_id, actor, reported, active, onsite, tmp_path, drill)
            assert [len(_audit(b)) for b in books] == before, actor  # refused: nothing written
            assert not list(tmp_path.glob("*.pdf"))
        holder = next(a for a in ACTORS if registry_allows(entry.needs, a))
        before = [len(_audit(b)) for b in books]
        _registry_attempt(app, entry_id, holder, reported, active, onsite, tmp_path, drill)
        written = [e for b, n in zip(books, before, strict=True) for e in _audit(b)[n:]]
        assert {who for who, _, _ in written} <= {holder}
        if entry.verbs:  # it writes what the registry says (the words of "已被 X 于 T …")
            assert {a for _, a, _ in written} & {audit for audit, _ in entry.verbs}, written
    finally:
        if drill is not None:
            drill.close()


def test_the_window_only_readers_need_what_every_role_holds():
    for entry_id in WINDOW_ONLY:
        needs = BY_ID[entry_id].needs
        assert needs is not None and all(needs in MATRIX[r] for r in Role)
