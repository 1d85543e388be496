"""The alarm scheduler with a real APScheduler and real time."""

import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from console.context import open_app
from console.runners.scheduler import AlarmScheduler
from console.services import alarms, incidents, tasks
from console.services.incidents import ReportInput
from console.time.source import ScaledTime, SystemTime
from models import Alarm, Incident, SlaClock, Task

ROOT = Path(__file__).resolve().parent.parent


def seed_clocks(app, due_times: list[datetime]) -> None:
    """Pending deadlines with no warning point, on one incident, written straight to the
    database as a day's worth of clocks would be."""
    with app.write() as s:
        inc = Incident(plan_id="major_complaint", title="批量期限", channel="phone", level_id="effective",
                       state="activated", received_at=datetime.now(UTC), recorded_by="duty1", milestones={})  # fmt: skip
        s.add(inc)
        s.flush()
        for due in due_times:
            s.add(SlaClock(incident_id=inc.id, rule_id="send_form", status="running", started_at=due - timedelta(minutes=10),
                           due_at=due, warn_at=due, unconfirmed=False))  # fmt: skip


def all_alarms(app):
    with app.read() as s:
        return s.execute(select(Alarm)).scalars().all()


def wait_for_alarms(app, n: int, seconds: float = 8.0) -> None:
    """Until `n` alarms are raised, or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and len(all_alarms(app)) < n:
        time.sleep(0.1)


def test_200_deadlines_one_to_three_seconds_ahead_each_raise_once_on_time(db_url, staff_url):
    app = open_app(db_url, SystemTime())
    now = datetime.now(UTC)
    rng = random.Random(7)
    seed_clocks(app, [now + timedelta(seconds=1 + 2 * rng.random()) for _ in range(200)])
    scheduler = AlarmScheduler(app)
    try:
        scheduler.start()
        # one job per deadline, the safety sweep and the horizon's refill (changes come by
        # the app's change bus)
        assert scheduler.job_count == 202
        wait_for_alarms(app, 200)
    finally:
        scheduler.stop()
    raised = all_alarms(app)
    assert len(raised) == 200
    assert len({a.clock_id for a in raised}) == 200  # none twice
    lateness = [(a.raised_at - a.due_at).total_seconds() for a in raised]
    assert min(lateness) >= 0  # none before its deadline
    assert max(lateness) <= 1.0  # none more than 1 s late (the benchmark holds the tight goal)
    app.close()


def test_a_restart_raises_what_lapsed_while_closed_at_once_and_never_twice(db_url, staff_url):
    now = datetime.now(UTC)
    app = open_app(db_url, SystemTime())
    seed_clocks(app, [now - timedelta(minutes=m) for m in range(1, 51)])  # lapsed while closed
    app.close()
    first = open_app(db_url, SystemTime())
    scheduler = AlarmScheduler(first)
    caught_up = scheduler.start()
    scheduler.stop()
    first.close()
    assert len(caught_up.raised) == 50
    again = open_app(db_url, SystemTime())
    scheduler = AlarmScheduler(again)
    assert scheduler.start().raised == []
    scheduler.stop()
    assert len(all_alarms(again)) == 50
    again.close()


def test_the_scheduler_follows_a_scaled_drill_clock_and_replans_on_changes(db_url, staff_url):
    # 600× real time: the plan's 10 分钟 pass in one real second.
    app = open_app(db_url, ScaledTime(datetime.now(UTC), speed=600))
    scheduler = AlarmScheduler(app)
    scheduler.start()
    try:
        inc = incidents.register(app, "duty1", ReportInput(plan="customer_crisis", title="线上紧急投诉",
                                                          channel="online", level="urgent"))  # fmt: skip
        incidents.activate(app, "leader1", inc.id)
        with app.read() as s:
            by_tpl = {
                t.template_id: t.id
                for t in s.execute(select(Task).where(Task.incident_id == inc.id)).scalars()
            }
        tasks.complete(
            app, "leader1", by_tpl["respond_urgent"]
        )  # done: its 30-minute job is dropped
        time.sleep(3.6)  # 36 simulated minutes
    finally:
        scheduler.stop()
    raised = {(a.task, a.kind) for a in alarms.list_alarms(app, "all")}
    assert (by_tpl["online_ack"], "warning") in raised
    assert (by_tpl["online_ack"], "lapsed") in raised
    assert not any(task == by_tpl["respond_urgent"] for task, _ in raised)
    app.close()


def test_two_processes_sweeping_one_sqlite_file_at_once_raise_each_alarm_once(db_url, staff_url):
    app = open_app(db_url, SystemTime())
    now = datetime.now(UTC)
    seed_clocks(app, [now - timedelta(seconds=s) for s in range(1, 301)])
    app.close()
    cmd = [sys.executable, "main.py", "--db", db_url, "sweep", "--json"]
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    app = open_app(db_url, SystemTime())
    with app.read() as s:
        total = s.execute(select(func.count()).select_from(Alarm)).scalar_one()
        distinct = s.execute(select(func.count(func.distinct(Alarm.clock_id)))).scalar_one()
    assert total == distinct == 300
    app.close()


def test_a_report_received_late_raises_its_lapse_at_once_not_at_the_next_safety_sweep(
    db_url, staff_url
):
    app = open_app(db_url, SystemTime())
    scheduler = AlarmScheduler(app, sweep_seconds=600)
    scheduler.start()
    try:
        received = datetime.now(UTC) - timedelta(
            minutes=15
        )  # 10 分钟 to send the form: lapsed already
        inc = incidents.register(app, "duty1", ReportInput(plan="major_complaint", title="补录", channel="phone",
                                                           received_at=received))  # fmt: skip
        t0 = time.monotonic()
        incidents.activate(app, "leader1", inc.id)
        while time.monotonic() - t0 < 3 and not all_alarms(app):
            time.sleep(0.05)
        took = time.monotonic() - t0
    finally:
        scheduler.stop()
    assert all_alarms(app) and took < 1.0
    app.close()


def test_another_process_s_report_is_planned_through_the_change_bus(db_url, staff_url):
    """Seed 004's 《投诉处理表》 clock starts at 接报 (no activation): a report registered by
    another process (a hotline) is planned here from its change alone."""
    app = open_app(db_url, SystemTime())
    scheduler = AlarmScheduler(app, sweep_seconds=600)
    scheduler.start()
    try:
        received = (
            datetime.now(UTC) - timedelta(minutes=9, seconds=58)
        ).isoformat()  # lapses in ~2 s
        proc = subprocess.run([sys.executable, "main.py", "--db", db_url, "report", "--plan", "major_complaint",
                               "--title", "热线转入", "--channel", "phone", "--as", "duty1", "--received-at", received],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        saved = datetime.now(UTC)  # when it had committed (a busy machine may start it late)
        t0 = time.monotonic()
        while time.monotonic() - t0 < 8 and not [a for a in all_alarms(app) if a.kind == "lapsed"]:
            time.sleep(0.1)
    finally:
        scheduler.stop()
    raised = all_alarms(app)
    lapsed = [a for a in raised if a.kind == "lapsed"]
    # the warning point (3 分钟 before) had passed at registration: it may be raised first,
    # unless the deadline had passed too by the time the report committed
    assert len(lapsed) == 1 and {a.kind for a in raised} <= {"warning", "lapsed"}
    # on time, or within the bus's one-second poll of the report reaching the database
    due = max(lapsed[0].due_at, saved)
    assert (lapsed[0].raised_at - due).total_seconds() < 1.5
    app.close()


def test_stopping_while_a_change_is_being_replanned_does_not_hang(db_url, staff_url):
    import threading

    from console.services import users

    app = open_app(db_url, SystemTime())
    scheduler = AlarmScheduler(app, sweep_seconds=600)
    started, replanned = threading.Event(), []

    def slow_change(change) -> None:  # another seat's change, re-planned as the console closes
        started.set()
        time.sleep(0.3)
        scheduler._plan("late:lapsed", datetime.now(UTC) + timedelta(hours=1))
        replanned.append(True)

    scheduler._on_change = slow_change
    scheduler.start()
    other_seat = open_app(staff_url, SystemTime())
    users.add_user(other_seat, None, "late_member", "member", group="onsite")
    assert started.wait(5)  # the bus's poll heard it, and is planning on its own thread
    stopper = threading.Thread(target=scheduler.stop, daemon=True)
    stopper.start()
    stopper.join(5)
    assert not stopper.is_alive()  # stop() waited for the delivery, and nothing deadlocked
    assert replanned  # the delivery under way finished before stop() returned
    assert "late:lapsed" not in {job.id for job in scheduler._sched.get_jobs()}
    other_seat.close()
    app.close()


def test_deadlines_beyond_the_horizon_wait_in_the_database_and_still_raise_on_time(
    db_url, staff_url, monkeypatch
):
    """A day of 2,000 deadlines: only those of the next few minutes are timers (here a
    horizon of 2 s, planned again every 0.5 s); one 4 s ahead, beyond it at the start, comes
    into it and raises on time, as does one 1 s ahead; nothing raises twice."""
    from console.runners import scheduler as module

    monkeypatch.setattr(module, "HORIZON", timedelta(seconds=2))
    monkeypatch.setattr(module, "REFILL", 0.5)
    app = open_app(db_url, SystemTime())
    now = datetime.now(UTC)
    near, beyond = now + timedelta(seconds=1), now + timedelta(seconds=4)
    later = [now + timedelta(hours=1, seconds=k) for k in range(2000)]
    seed_clocks(app, [near, beyond, *later])
    scheduler = AlarmScheduler(app)
    try:
        scheduler.start()
        assert scheduler.job_count == 1 + 2  # the near deadline, the safety sweep, the refill
        wait_for_alarms(app, 2)
    finally:
        scheduler.stop()
    raised = all_alarms(app)
    assert sorted(a.due_at for a in raised) == [near, beyond]
    assert all(0 <= (a.raised_at - a.due_at).total_seconds() <= 1.0 for a in raised)
    app.close()


def test_an_escalation_beyond_the_horizon_is_planned_as_it_comes_into_it_and_is_on_time(
    db_url, staff_url, monkeypatch
):
    """A day's flood leaves tens of thousands of alarms waiting to escalate: only those of
    the next few minutes are timers. Here (a horizon of 2 s, planned again every 0.5 s) the
    A角 has 3 s to acknowledge: the escalation to the B角, beyond the horizon when the
    alarm is raised, is a timer only once it comes into it, and happens on time."""
    from console.runners import scheduler as module
    from console.sla import alarms as rules

    monkeypatch.setattr(module, "HORIZON", timedelta(seconds=2))
    monkeypatch.setattr(module, "REFILL", 0.5)
    monkeypatch.setattr(rules, "escalation_delay",
                        lambda plan, step: timedelta(seconds=3 if step == 0 else 3600))  # fmt: skip
    app = open_app(db_url, SystemTime())
    seed_clocks(app, [datetime.now(UTC) + timedelta(seconds=0.5)])
    scheduler = AlarmScheduler(app)
    planned_early = []
    try:
        scheduler.start()
        wait_for_alarms(app, 1)
        (raised,) = all_alarms(app)
        time.sleep(0.1)  # the raise's change is heard, and re-planned on the planner's thread:
        scheduler._planner.submit(lambda: None).result()  # its escalation, 3 s away, is not
        # a timer yet
        planned_early.append(f"alarm:{raised.id}" in {j.id for j in scheduler._sched.get_jobs()})
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and all_alarms(app)[0].step == 0:
            time.sleep(0.05)
    finally:
        scheduler.stop()
    (escalated,) = all_alarms(app)
    assert planned_early == [False]
    assert escalated.step == 1
    due = escalated.raised_at + timedelta(seconds=3)
    assert 0 <= (escalated.escalated_at - due).total_seconds() <= 1.0
    app.close()


def test_a_sweep_asked_for_while_one_runs_is_not_lost(db_url, staff_url, monkeypatch):
    """A busy room: a "sweep now" (a late report, the database back) is asked for while the
    last one is still running. APScheduler skips a job whose id is still running, so the
    running sweep sweeps once more as it ends: what the second request was for is raised
    then, not at the next safety sweep (10 minutes here)."""
    from console.runners import scheduler as module

    real = module.alarm_service.sweep
    swept: list[float] = []

    def sweep(app):  # type: ignore[no-untyped-def]
        result = real(app)
        swept.append(time.monotonic())
        time.sleep(1.0)  # a long sweep, after it has read
        return result

    app = open_app(db_url, SystemTime())
    scheduler = AlarmScheduler(app, sweep_seconds=600)
    scheduler.start()
    monkeypatch.setattr(module.alarm_service, "sweep", sweep)
    try:
        scheduler.catch_up()
        time.sleep(0.4)  # that sweep is running
        scheduler.catch_up()  # asked for again meanwhile
        t0 = time.monotonic()
        while time.monotonic() - t0 < 4 and len(swept) < 2:
            time.sleep(0.05)
    finally:
        scheduler.stop()
    assert len(swept) == 2 and swept[1] - swept[0] < 1.5
    app.close()
