"""The one change path, proven for every service that writes (in the style of Zulip's
`verify_action`): a seat's view updated only from the `Change` a commit published equals
the view loaded fresh from the database — in this process (the local publish), from the
NOTIFY payload another process receives, and from the audit log another process polls."""

from __future__ import annotations

import ast
import inspect
import json
import pkgutil
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

import console.services
from console.changes import Change
from console.context import open_app
from console.errors import PermissionDenied
from console.notify.channels import Failure
from console.notify.send import Claimed, Outcome
from console.services import (
    alarms,
    calendar,
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
from console.services.demo import load_demo
from console.time.calendar import parse_year_file
from console.time.source import FixedTime
from console.views.seat import SeatView

YEAR_2027 = """year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知
holidays: [2027-01-01, 2027-02-08, 2027-02-09]
workdays: [2027-02-06]
"""


def _task(app, incident_id: int, state: str = "open", group: str | None = None) -> int:
    return next(t.id for t in queries.show(app, incident_id).tasks
                if t.state == state and group in (None, t.group))  # fmt: skip


def _finish_all(app, incident_id: int) -> None:
    """The procedure's tasks done (a case closed after 研判 still did its 接报 work)."""
    for t in queries.show(app, incident_id).tasks:
        if t.state in ("open", "blocked"):
            tasks.complete(app, "zhang", t.id, "已办结")


def _running(app) -> int:
    """An open task whose clock runs and has not lapsed (a lapsed clock is not paused)."""
    return next(
        t.id for t in queries.board(app) if (t.clock.remaining_s or 0) > 60 and t.state == "open"
    )


def _open_alarm(app) -> int:
    return alarms.list_alarms(app, "open")[0].id


def _lapse(app, clock) -> None:
    clock.advance(timedelta(hours=3))
    alarms.sweep(app)


def _next_state(app, incident_id: int) -> str:
    from console.incidents.lifecycle import TRANSITIONS, State

    state = State(queries.show(app, incident_id).state)
    return sorted(TRANSITIONS[state])[0].value


# name: (set-up before the seat looks, the action whose change the seat must follow)
CASES = {
    "incidents.register": (
        None,
        lambda app, clock: incidents.register(
            app,
            "duty",
            incidents.ReportInput(
                plan="group_complaint", title="第二处聚集", channel="onsite", people=20
            ),
        ),
    ),  # fmt: skip
    "incidents.activate": (None, lambda app, clock: incidents.activate(app, "zhang", 4)),
    "incidents.regrade": (
        None,
        lambda app, clock: incidents.regrade(app, "zhang", 3, "major", reason="人数增加"),
    ),
    "incidents.advance": (
        None,
        lambda app, clock: incidents.advance(app, "zhang", 2, _next_state(app, 2)),
    ),
    "incidents.advance (closed)": (
        lambda app, clock: [_finish_all(app, 4), incidents.advance(app, "zhang", 4, "assessing")],
        lambda app, clock: incidents.advance(app, "zhang", 4, "closed"),
    ),  # its lines leave the duty log
    "incidents.follow_up": (
        None,
        lambda app, clock: incidents.follow_up(app, "duty", 1, people=60, mood="更激动"),
    ),
    "incidents.add_note": (
        None,
        lambda app, clock: incidents.add_note(app, "zhang", 1, "务必稳定情绪", significant=True),
    ),
    "tasks.complete": (
        None,
        lambda app, clock: tasks.complete(app, "zhao", _task(app, 1, group="onsite"), "已落实"),
    ),
    "tasks.reopen": (None, lambda app, clock: tasks.reopen(app, "zhang", _task(app, 1, "done"))),
    "tasks.block": (
        None,
        lambda app, clock: tasks.block(app, "zhang", _task(app, 1), "等待外部回复"),
    ),
    "tasks.reassign": (
        None,
        lambda app, clock: tasks.reassign(
            app, "zhang", _task(app, 1), group="coordination", role="coordination_lead"
        ),
    ),  # fmt: skip
    "tasks.pause": (
        None,
        lambda app, clock: tasks.pause(app, "zhang", _running(app), "客户要求暂缓"),
    ),
    "tasks.resume": (
        lambda app, clock: app.__dict__.setdefault(
            "paused", tasks.pause(app, "zhang", _running(app), "客户要求暂缓").id
        ),
        lambda app, clock: tasks.resume(app, "zhang", app.__dict__["paused"]),
    ),  # fmt: skip
    "tasks.undo_complete": (
        lambda app, clock: app.__dict__.setdefault(
            "done", tasks.complete(app, "zhang", _task(app, 1), "误点")
        ),
        lambda app, clock: tasks.undo_complete(app, "zhang", app.__dict__["done"].id),
    ),  # fmt: skip
    "tasks.add": (
        None,
        lambda app, clock: tasks.add(
            app,
            "zhang",
            1,
            title="约见业主代表,说明退款时间表",
            group="onsite",
            within="2 小时",
            note="会商明确:现场处置组负责",
        ),
    ),  # fmt: skip
    "incidents.retype": (
        None,
        lambda app, clock: incidents.retype(
            app, "zhang", 2, "service", reason="核实为服务态度问题"
        ),
    ),
    "revisits.record": (
        None,
        lambda app, clock: revisits.record(app, "zhang", 2, "dissatisfied", "客户认为道歉不够诚恳"),
    ),  # its re-handling tasks reach the boards
    "evidence.attach": (
        lambda app, clock: (app.calendar_dir.parent / "现场.jpg").write_bytes(
            b"\xff\xd8\xff photo"
        ),
        lambda app, clock: evidence.attach(app, "zhang", 1, app.calendar_dir.parent / "现场.jpg"),
    ),  # fmt: skip
    "alarms.sweep": (None, _lapse),
    "alarms.ack": (_lapse, lambda app, clock: alarms.ack(app, "zhang", _open_alarm(app))),
    "alarms.shelve": (
        _lapse,
        lambda app, clock: alarms.shelve(app, "zhang", _open_alarm(app), 30, "现场已处置"),
    ),
    "shifts.start_shift": (
        None,
        lambda app, clock: shifts.start_shift(app, "duty", "duty", "zhang"),
    ),
    "shifts.handover": (
        lambda app, clock: shifts.start_shift(app, "duty", "duty", "zhang"),
        lambda app, clock: shifts.handover(app, "zhang", "li", override="现场稳定,由副组长接手"),
    ),  # fmt: skip
    "users.add_user": (
        None,
        lambda app, clock: users.add_user(app, None, "xu", "member", group="onsite"),
    ),
    "users.set_active": (None, lambda app, clock: users.set_active(app, "zhang", "sun", False)),
    "users.set_password": (
        None,
        lambda app, clock: users.set_password(app, None, "li", "new-pass-2027"),
    ),
    "users.create_token": (
        None,
        lambda app, clock: users.create_token(app, None, "duty", ["report"], "热线接口"),
    ),
    "users.revoke_token": (
        lambda app, clock: app.__dict__.setdefault(
            "token", users.create_token(app, None, "duty", ["report"], "热线接口").id
        ),
        lambda app, clock: users.revoke_token(app, None, app.__dict__["token"]),
    ),  # fmt: skip
    "users.authenticate": (None, lambda app, clock: _locked_out(app, "li")),
    "calendar.import_year": (
        None,
        lambda app, clock: calendar.import_year(app, None, parse_year_file(YEAR_2027), YEAR_2027),
    ),  # fmt: skip
    "reports.show_unmasked": (None, lambda app, clock: reports.show_unmasked(app, "zhang", 1)),
    "reports.print_handover": (
        None,
        lambda app, clock: reports.print_handover(
            app, "duty", app.calendar_dir.parent / "sheet.pdf", unmask=True
        ),
    ),  # fmt: skip
    "reports.print_incident_report": (
        None,
        lambda app, clock: reports.print_incident_report(
            app, "zhang", 1, app.calendar_dir.parent / "report.pdf"
        ),
    ),  # fmt: skip
}
HOOK = "json://127.0.0.1:9/hook"  # nothing listens there; no test here sends


def _add_hook(app, clock) -> None:  # type: ignore[no-untyped-def]
    notify.add_channel(app, None, "协调群", HOOK, group="coordination")


def _refused(m: Claimed) -> Outcome:
    return Outcome(m.id, m.lease, False, Failure.PERMANENT, "接收方拒绝 (HTTP 400)")


CASES |= {
    "users.set_contact": (
        None,
        lambda app, clock: users.set_contact(app, None, "wang", mobile="13800001111"),
    ),
    "notify.add_channel": (None, _add_hook),
    "notify.remove_channel": (
        _add_hook,
        lambda app, clock: notify.remove_channel(app, None, "协调群"),
    ),
    "notify.test_channel": (
        _add_hook,
        lambda app, clock: notify.test_channel(
            app, None, "协调群", lambda m: Outcome(m.id, m.lease, True)
        ),
    ),
    # messages given up on: the 通知失败 alarms reach the seats
    "notify.settle": (
        lambda app, clock: [_add_hook(app, clock), _lapse(app, clock)],
        lambda app, clock: notify.settle(app, [_refused(m) for m in notify.claim(app)]),
    ),
    "notify.checkin": (None, lambda app, clock: notify.checkin(app, "wang", 1)),  # 到位确认
}


def _draft(app, clock) -> int:  # type: ignore[no-untyped-def]
    """A 初报 drafted on incident 1."""
    return sitreps.add(app, "duty", 1, "first").id


def _resident(app, clock) -> None:  # type: ignore[no-untyped-def]
    """A complaint on seed 004's plan, which has paper forms (incident 5)."""
    incidents.register(app, "duty", incidents.ReportInput(plan="major_complaint", title="电梯停运",
                                                          channel="phone"))  # fmt: skip


CASES |= {  # statistics exported: logged as a print is
    "stats.export_xlsx": (
        None,
        lambda app, clock: stats.export_xlsx(
            app,
            "zhang",
            app.calendar_dir.parent / "统计.xlsx",
            start=date(2026, 11, 1),
            end=date(2026, 11, 30),
        ),
    ),  # fmt: skip
    "stats.export_pdf": (
        None,
        lambda app, clock: stats.export_pdf(
            app,
            "zhang",
            app.calendar_dir.parent / "监督报告.pdf",
            start=date(2026, 11, 1),
            end=date(2026, 11, 30),
        ),
    ),  # fmt: skip
}
CASES |= {  # paper forms: a print is logged
    "forms.print_form": (
        _resident,
        lambda app, clock: forms.print_form(
            app, "zhang", 5, "complaint_record", app.calendar_dir.parent / "form.pdf"
        ),
    ),  # fmt: skip
}
CASES |= {  # reports upward (初报/续报/终报): a report's deadline is a task the seats show
    "sitreps.add": (None, lambda app, clock: sitreps.add(app, "duty", 1, "first")),
    "sitreps.edit": (
        _draft,
        lambda app, clock: sitreps.edit(app, "zhang", 1, "一、基本情况\n已核实"),
    ),
    "sitreps.sign": (_draft, lambda app, clock: sitreps.sign(app, "zhang", 1)),
    "sitreps.print_report": (
        _draft,
        lambda app, clock: sitreps.print_report(
            app, "zhang", 1, app.calendar_dir.parent / "first.docx", fmt="docx"
        ),
    ),  # fmt: skip
}
CASES |= {  # 求助: a group asks the command for help; the command screen shows it until acked
    "help.ask": (
        None,
        lambda app, clock: help.ask(app, "zhao", 6, "现场人数增至 80 人,需增派安保"),
    ),
    "help.acknowledge": (
        lambda app, clock: help.ask(app, "zhao", 6, "现场人数增至 80 人,需增派安保"),
        lambda app, clock: help.acknowledge(app, "zhang", 1),
    ),
}
# Services that write but are run in a drill's own database (tests/test_drills.py drives
# them; DRILL_CASES below follow their changes), and benchmark fixtures that bulk-load a
# database no seat has open yet (no audit entries, so no change to follow).
DRILL_CASES = ("drills.pause", "drills.resume", "drills.stop", "drills.set_notes", "drills.Director.tick",
               "reports.print_drill_report", "drills.start")  # fmt: skip
FIXTURES = ("demo.load_big_day", "demo.copy_incidents", "demo.add_running_clocks",
            "sandbox.mark_sandbox")  # a new, empty database only: before any seat opens it  # fmt: skip


def _locked_out(app, name: str) -> None:  # type: ignore[no-untyped-def]
    """Five wrong passwords: the lockout is a change every seat sees (in the duty log)."""
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            users.authenticate(app, name, "guess-1234")


def _writing_services() -> set[str]:
    """Every public function (and Director method) in console/services that opens a write
    transaction, directly or by calling one of its module's private writers."""
    found = set()
    for info in pkgutil.iter_modules(console.services.__path__):
        module = __import__(f"console.services.{info.name}", fromlist=["_"])
        tree = ast.parse(inspect.getsource(module))
        bodies = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                bodies[node.name] = ast.unparse(node)
        writers = {n for n, body in bodies.items() if ".write()" in body}
        writers |= {
            n
            for n, body in bodies.items()
            if any(f"{w}(" in body for w in writers if w.startswith("_"))
        }
        for node in tree.body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and node.name in writers
            ):
                found.add(f"{info.name}.{node.name}")
            if isinstance(node, ast.ClassDef):
                methods = {m.name for m in node.body if isinstance(m, ast.FunctionDef)}
                if methods & writers:
                    found.add(f"{info.name}.{node.name}.tick")
    return found


def test_every_service_that_writes_is_proven_to_reach_the_seats():
    covered = set(CASES) | set(DRILL_CASES) | set(FIXTURES)
    assert _writing_services() - {c.split(" ")[0] for c in covered} == set()


def _views_follow(app, other, action) -> list[Change]:
    """Runs `action` with a seat on `app` (this process) and one on `other` (another
    process on the same database); both follow only the changes they are given."""
    with app.read() as s:
        local, from_payload = SeatView.load(app, s), SeatView.load(app, s)
    with other.read() as s:
        polled = SeatView.load(other, s)
    other.bus.poll()  # the other process has seen everything so far
    heard: list[Change] = []
    app.bus.subscribe(heard.append)
    try:
        action()
    finally:
        app.bus.unsubscribe(heard.append)
    assert heard, "the action published no change"
    read: list[Change] = []
    other.bus.subscribe(read.append)
    other.bus.poll()
    other.bus.unsubscribe(read.append)
    with app.read() as s:
        for change in heard:
            local.apply(app, s, change)
            from_payload.apply(app, s, Change.from_payload(change.payload()))
        fresh = SeatView.load(app, s)
    with other.read() as s:
        for change in read:
            polled.apply(other, s, change)
        fresh_other = SeatView.load(other, s)
    assert local == fresh
    assert from_payload == fresh
    assert polled == fresh_other
    return heard


@pytest.mark.parametrize("name", list(CASES))
def test_a_seat_updated_from_the_change_equals_one_loaded_fresh(name, app, clock, db_url):
    load_demo(app)
    setup, action = CASES[name]
    if setup is not None:
        setup(app, clock)
    other = open_app(db_url, clock, calendar_dir=app.calendar_dir, migrate=False)
    try:
        heard = _views_follow(app, other, lambda: action(app, clock))
    finally:
        other.close()
    assert all(c.last >= c.first > 0 for c in heard)  # every change names its audit entries


def test_a_sweep_names_its_cases_but_moves_no_board_row(app, clock, db_url):
    """The escalation sweep writes alarms and duty-log lines only. The seats show those on
    the banner and the duty log, and read no board again (a year's first sweep names
    thousands of cases). This holds for the change heard in this process, in a NOTIFY, and
    read back from the audit log by another process."""
    load_demo(app)
    other = open_app(db_url, clock, calendar_dir=app.calendar_dir, migrate=False)
    try:
        heard = _views_follow(app, other, lambda: _lapse(app, clock))
        other.bus.poll()
        read: list[Change] = []
        other.bus.subscribe(read.append)
        _views_follow(app, other, lambda: _lapse(app, clock))  # the next hour's escalations
        other.bus.unsubscribe(read.append)
    finally:
        other.close()
    assert heard and read
    payloads = [Change.from_payload(c.payload()) for c in heard]
    for change in [*heard, *payloads, *read]:
        assert change.alarms and change.log and change.incidents
        assert change.boards == frozenset()


def test_messages_settled_name_their_alarms_and_cases_but_no_board_row(app, clock, db_url):
    """A sender's outcomes (已送达, 失败重试) show on the banner and the rolls, here and in a
    process that reads them back from the audit log; no board is read again for them."""
    load_demo(app)
    setup, action = CASES["notify.settle"]
    setup(app, clock)
    other = open_app(db_url, clock, calendar_dir=app.calendar_dir, migrate=False)
    try:
        other.bus.poll()
        read: list[Change] = []
        other.bus.subscribe(read.append)
        heard = _views_follow(app, other, lambda: action(app, clock))
    finally:
        other.close()
    assert heard and read
    for change in [*heard, *read]:
        assert change.alarms and change.incidents and change.boards == frozenset()


def test_a_sweep_of_a_thousand_alarms_read_back_from_the_audit_log_names_what_it_wrote(app, clock):
    """Another process reads a big change back from the audit log (its NOTIFY was too
    large): every alarm, case and log line the sweep wrote, and each alarm's clock."""
    from console.changes import read_range
    from console.services.demo import load_big_day
    from models import Alarm

    load_big_day(app, 40, 2400, seed=3)
    heard: list[Change] = []
    app.bus.subscribe(heard.append)
    clock.advance(timedelta(hours=3))
    alarms.sweep(app)
    app.bus.unsubscribe(heard.append)
    (local,) = heard
    assert len(local.alarms) > 1000 and Change.from_payload(local.payload()).complete is False
    with app.read() as s:
        polled = read_range(s, local.first, local.last)
        clocks = set(s.execute(select(Alarm.clock_id).where(Alarm.id.in_(local.alarms))).scalars())
    assert (polled.alarms, polled.incidents, polled.log) == (
        local.alarms,
        local.incidents,
        local.log,
    )
    assert polled.boards == frozenset() and polled.clocks == clocks


@pytest.fixture
def drill(app, tmp_path):
    from console.drills.scenario import DRILLS_DIR, load_scenario
    from console.services import drills

    load_demo(app)
    scenario = load_scenario(DRILLS_DIR / "000_branch_mass_complaint.yaml", app.catalogue)
    session = drills.start(app, "zhang", *scenario, name="change_path")
    yield session
    session.close()


def test_a_drill_seat_follows_the_director_and_the_drill_s_controls(drill, tmp_path):
    from console.services import drills

    other = open_app(drill.url, drill.time, migrate=False)
    try:
        director = drills.Director(drill, drills.scenario_of(drill), responses=False)
        drill.time = FixedTime(director.next_due())  # the first inject falls due
        for action in (director.tick, lambda: drills.pause(drill, "zhang"), lambda: drills.resume(drill, "zhang"),
                       lambda: drills.set_notes(drill, "zhang", "响应及时"),
                       lambda: reports.print_drill_report(drill, "zhang", tmp_path / "drill.pdf"),
                       lambda: drills.stop(drill, "zhang")):  # fmt: skip
            _views_follow(drill, other, action)
    finally:
        other.close()


@given(
    st.frozensets(st.integers(1, 10**6), max_size=20),
    st.frozensets(st.integers(1, 10**6), max_size=20),
    st.frozensets(st.integers(1, 10**6), max_size=20),
)
def test_a_notify_payload_reads_back_as_the_change_and_an_older_one_names_every_board(
    incidents, boards, alarms_named
):
    """What a seat hears from another process is the change that process committed; a
    payload from a process of the version before `boards` re-reads every incident's board
    rows (never too few)."""
    change = Change(first=1, last=2, incidents=incidents | boards, boards=boards,
                    alarms=alarms_named)  # fmt: skip
    assert Change.from_payload(change.payload()) == replace(change, source="remote")
    older = json.loads(change.payload())
    older.pop("boards", None)
    assert Change.from_payload(json.dumps(older)).boards == change.incidents
