"""Every role × every action, through the services. The expected table is written from
the issues, not copied from the code: only leader/deputy activate, re-grade, reassign and
advance; a coordinator acts on their own group's tasks and alarms only; the duty desk
acknowledges any alarm; supervisors read. tests/test_security.py runs the same table
through the command line."""

import json
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.drills.scenario import load_scenario
from console.errors import PermissionDenied
from console.plans.plan import load_catalogue
from console.services import alarms, drills, incidents, queries, reports, shifts, tasks, users
from console.services.alarms import sweep
from console.services.incidents import ReportInput
from models import AuditEntry, Task

ROOT = Path(__file__).resolve().parent.parent
BRANCH_DRILL = ROOT / "resources/drills/000_branch_mass_complaint.yaml"

Y, N = True, False
# role user:            leader  deputy  coord(own) coord(other) member(own) duty  supervisor
EXPECTED = {
    "register":         (Y,     Y,      N,         N,           N,          Y,    N),
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
    # printing with complainants' numbers in full: anyone who may read, and it is logged
    "unmask":           (Y,     Y,      Y,         Y,           Y,          Y,    Y),
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
    incidents.activate(app, "leader1", older["id"])
    clock.advance(timedelta(hours=2))
    sweep(app)
    alarm = next(a for a in alarms.list_alarms(app) if a["group"] == "onsite")
    reported = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="待研判", channel="phone")
    )
    active = incidents.register(
        app, "duty1", ReportInput(plan="group_complaint", title="已启动", channel="onsite")
    )
    incidents.activate(app, "leader1", active["id"])
    with app.read() as s:
        rows = s.execute(select(Task).where(Task.incident_id == active["id"])).scalars()
        onsite = {t.template_id: t.id for t in rows}
    tasks.complete(app, "leader1", onsite["keep_order"])
    onsite["alarm"] = alarm["id"]
    return reported["id"], active["id"], onsite


def _prepare(app, action, onsite):
    """What an action needs beyond `_setup`, done by someone allowed to."""
    if action == "resume":
        tasks.pause(app, "leader1", onsite["arrive_onsite"], "等待投诉代表到场")
    elif action == "force_handover":
        shifts.start_shift(app, "duty1", "duty1")


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
    users.add_user(app, None, "li", "leader", password="correct horse")
    from models import User

    with app.read() as s:
        stored = s.execute(select(User.password_hash).where(User.name == "li")).scalar_one()
    assert stored.startswith("scrypt$") and "correct horse" not in stored
    assert users.authenticate(app, "li", "correct horse")["role"] == "leader"
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
    )["id"]
    incidents.activate(app, "leader1", iid)
    clock.advance(timedelta(hours=2))
    sweep(app)
    alarm = next(a for a in alarms.list_alarms(app) if a["recipients"] == ["night_a"])
    assert alarm["group"] == "onsite"
    audit_before = len(_audit(app))
    with pytest.raises(PermissionDenied, match="搁置"):
        alarms.shelve(app, "night_a", alarm["id"], 15, "稍后处理")
    assert len(_audit(app)) == audit_before
    assert alarms.ack(app, "night_a", alarm["id"])["acknowledged_by"] == "night_a"
    to_supervisor = next(a for a in alarms.list_alarms(app) if a["recipients"] == ["super_a"])
    with pytest.raises(PermissionDenied):  # a supervisor reads, whatever is sent to them
        alarms.ack(app, "super_a", to_supervisor["id"])
    assert len(_audit(app)) == audit_before + 1
